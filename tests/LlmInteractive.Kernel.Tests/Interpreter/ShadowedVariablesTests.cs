using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

/// <summary>
/// A re-declared variable lets go of what the earlier declaration held, unless code that may still run reads it
/// (closures, methods, queries), and nothing a later cell can see changes.
/// </summary>
[Collection(InterpreterCollection.Name)]
public sealed class ShadowedVariablesTests
{
    const string Collect = "GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();\n";

    [Fact]
    public async Task Re_running_a_large_declaration_ten_times_keeps_about_one_copy()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var big = new byte[1];");
        await interpreter.ResultAsync(Collect);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var run = 0; run < 10; run++) await interpreter.ResultAsync("var big = new byte[50_000_000]; big[^1] = 1;");
        await interpreter.ResultAsync(Collect);
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        // Ten runs held 500 MB through the shadowed fields; the newest array is the one still in use.
        Assert.True(grown < 120_000_000, $"the managed heap grew {grown / 1e6:0} MB over ten re-runs of a 50 MB declaration");
        Assert.Equal("1", await interpreter.ResultAsync("big[^1]"));
    }

    [Fact]
    public async Task A_shadowed_value_nothing_reads_later_is_collected()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var data = new object(); var weak = new WeakReference(data);");
        await interpreter.ResultAsync("var data = 1;");
        Assert.Equal("False", await interpreter.ResultAsync(Collect + "weak.IsAlive"));
        Assert.Equal("1", await interpreter.ResultAsync("data"));
    }

    [Fact]
    public async Task Closures_methods_queries_and_aliases_keep_what_they_read()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var big = new byte[10]; big[0] = 7; Func<int> first = () => big[0];");
        await interpreter.ResultAsync("int ReadBig() => big[0];");
        await interpreter.ResultAsync("var threshold = 3; var query = new[] { 1, 5 }.Where(x => x > threshold);");
        await interpreter.ResultAsync("var kept = new List<int> { 42 }; var alias = kept;");
        await interpreter.ResultAsync("var big = new byte[20]; var threshold = 10; var kept = 0;");
        await interpreter.ResultAsync(Collect);

        Assert.Equal("7", await interpreter.ResultAsync("first()"));
        Assert.Equal("7", await interpreter.ResultAsync("ReadBig()"));
        Assert.Equal("1", await interpreter.ResultAsync("query.Count()"));
        Assert.Equal("42", await interpreter.ResultAsync("alias[0]"));
        Assert.Equal("20", await interpreter.ResultAsync("big.Length"));
        Assert.Equal("10", await interpreter.ResultAsync("threshold"));
    }
}
