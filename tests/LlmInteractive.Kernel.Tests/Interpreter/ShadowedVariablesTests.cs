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

/// <summary>
/// What each cell costs the session for good. Every declaring cell stays in Roslyn's submission chain (its compilation
/// and assembly: measured 0.9 MB of heap a cell over a 20→220-cell chain, growing with the chain); a cell that declares
/// nothing stays out of it (0.03 MB). The bounds are a few times those, to catch a cell that keeps far more.
/// </summary>
[Collection(InterpreterCollection.Name)]
public sealed class SubmissionCostTests
{
    [Fact]
    public async Task Cells_keep_a_bounded_amount_of_memory_each()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var first = 0;");
        const int cells = 100;
        var declaring = await HeapGrowthAsync(interpreter, cells, i => $"var declared{i} = {i};");
        var plain = await HeapGrowthAsync(interpreter, cells, i => $"Console.Write({i});");
        Assert.True(declaring / cells < 3_000_000, $"a declaring cell kept {declaring / cells / 1e6:0.00} MB");
        Assert.True(plain / cells < 300_000, $"a cell declaring nothing kept {plain / cells / 1e6:0.000} MB");
        Assert.Equal("99", await interpreter.ResultAsync("declared99"));
    }

    static async Task<long> HeapGrowthAsync(CSharpInterpreter interpreter, int cells, Func<int, string> code)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < cells; i++) await interpreter.RunAsync(code(i));
        return GC.GetTotalMemory(forceFullCollection: true) - before;
    }
}
