using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

[Collection(InterpreterCollection.Name)]
public sealed class CodeAssistanceTests
{
    [Fact]
    public async Task Completion_lists_members_after_a_dot()
    {
        await using var interpreter = new CSharpInterpreter();
        const string code = "\"text\".Len";
        var completion = await interpreter.CompleteAsync(code, code.Length, default);
        Assert.Contains("Length", completion.Matches);
        Assert.Equal(code.Length - 3, completion.CursorStart);
        Assert.Equal(code.Length, completion.CursorEnd);
        Assert.Contains(completion.Items!, i => i.Text == "Length" && i.Type == "property");
    }

    [Fact]
    public async Task Completion_knows_variables_of_earlier_cells_types_and_namespaces()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var myNumber = 5;\nclass Widget { public int Size; }");
        var locals = await interpreter.CompleteAsync("myN", 3, default);
        Assert.Contains("myNumber", locals.Matches);
        var members = await interpreter.CompleteAsync("new Widget().", 13, default);
        Assert.Contains("Size", members.Matches);
        var types = await interpreter.CompleteAsync("var sb = new StringBu", 21, default);
        Assert.Contains("StringBuilder", types.Matches);
        var namespaces = await interpreter.CompleteAsync("System.Collections.Con", 22, default);
        Assert.Contains(namespaces.Items!, i => i.Text == "Concurrent" && i.Type == "module");
    }

    [Fact]
    public async Task Completion_sees_usings_declared_in_later_cells()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var first = 1;");
        await interpreter.ResultAsync("using System.Text.RegularExpressions;\nvar second = 2;");
        var completion = await interpreter.CompleteAsync("Regex.IsMa", 10, default);
        Assert.Contains("IsMatch", completion.Matches);
    }

    [Fact]
    public async Task Completion_offers_magic_names_after_hash_bang()
    {
        await using var interpreter = new CSharpInterpreter();
        var completion = await interpreter.CompleteAsync("#!wh", 4, default);
        Assert.Equal(["who", "whos"], completion.Matches);
        Assert.Equal(2, completion.CursorStart);
        Assert.All(completion.Items!, i => Assert.Equal("magic", i.Type));
    }

    [Fact]
    public async Task Inspect_shows_the_signature_and_documentation_summary()
    {
        await using var interpreter = new CSharpInterpreter();
        const string code = "Math.Sqrt";
        var bundle = await interpreter.InspectAsync(code, code.Length, 0, default);
        Assert.NotNull(bundle);
        var plain = (string)bundle.Data["text/plain"];
        Assert.Contains("Math.Sqrt(double)", plain);
        Assert.Contains("square root", plain);
        Assert.Contains("```csharp", (string)bundle.Data["text/markdown"]);
        Assert.Null(await interpreter.InspectAsync("   ", 1, 0, default));
    }

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("x + 1", "complete")]
    [InlineData("if (true) {", "incomplete")]
    [InlineData("Console.WriteLine(1,", "incomplete")]
    [InlineData("var x = 1", "incomplete")]
    [InlineData("#!time", "complete")]
    [InlineData("var = ;", "invalid")]
    [InlineData("}", "invalid")]
    public async Task Is_complete_tells_complete_incomplete_and_invalid(string code, string expected)
    {
        await using var interpreter = new CSharpInterpreter();
        var (status, indent) = await interpreter.IsCompleteAsync(code, default);
        Assert.Equal(expected, status);
        Assert.Equal(expected == "incomplete" ? "    " : "", indent);
    }
}
