using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Magics;

[Collection(InterpreterCollection.Name)]
public sealed class BuiltInMagicTests
{
    [Fact]
    public async Task Lsmagic_lists_every_magic_with_its_description()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("#!lsmagic");
        Assert.Null(outcome.Error);
        foreach (var name in new[] { "about", "extension", "html", "javascript", "lsmagic", "markdown", "time", "who", "whos" })
            Assert.Contains($"#!{name}", output.Text());
        Assert.Contains("wall-clock and CPU time", output.Text());
    }

    [Fact]
    public async Task Time_runs_the_rest_of_the_cell_keeps_its_result_and_reports_times()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("#!time\nThread.Sleep(50);\n6 * 7");
        Assert.Null(outcome.Error);
        Assert.Equal("42", outcome.Result!.Data["text/plain"]);
        Assert.Matches(@"Wall time: [\d.]+ ms, CPU time: [\d.]+ m?s", output.Text());
        var (failed, _) = await interpreter.RunAsync("#!time\nthrow new TimeoutException(\"late\");");
        Assert.Equal("TimeoutException", failed.Error!.Name);
        Assert.Contains(failed.Error.Traceback, line => line.Contains("Cell line 2"));
    }

    [Fact]
    public async Task Who_and_whos_list_variables_with_types_and_summaries()
    {
        await using var interpreter = new CSharpInterpreter();
        var (_, empty) = await interpreter.RunAsync("#!who");
        Assert.Equal("No variables defined.\n", empty.Text());
        await interpreter.ResultAsync("var alpha = 1;\nvar words = new List<string> { \"a\", \"b\" };\nvar longText = new string('x', 200);");
        var (_, who) = await interpreter.RunAsync("#!who");
        Assert.Equal("alpha  words  longText\n", who.Text());
        var (_, whos) = await interpreter.RunAsync("#!whos");
        var text = whos.Text();
        Assert.Contains("Variable", text);
        Assert.Matches(@"alpha\s+Int32\s+1", text);
        Assert.Matches(@"words\s+List<String>\s+Count = 2", text);
        Assert.Contains("…", text);
        Assert.DoesNotContain(new string('x', 100), text);
    }

    [Theory]
    [InlineData("markdown", "text/markdown")]
    [InlineData("html", "text/html")]
    [InlineData("javascript", "application/javascript")]
    public async Task Mime_magics_show_the_body_as_their_mime_type(string magic, string mimeType)
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync($"#!{magic}\nline one\nline two");
        Assert.Null(outcome.Error);
        var data = output.Displays.Single().Bundle.Data;
        Assert.Equal("line one\nline two", data[mimeType]);
        Assert.Equal("line one\nline two", data["text/plain"]);
    }

    [Fact]
    public async Task About_shows_kernel_runtime_and_compiler()
    {
        await using var interpreter = new CSharpInterpreter();
        var (_, output) = await interpreter.RunAsync("#!about");
        var plain = (string)output.Displays.Single().Bundle.Data["text/plain"];
        Assert.Contains("LlmInteractive kernel", plain);
        Assert.Contains(".NET", plain);
        Assert.Contains("Roslyn", plain);
    }

    [Fact]
    public async Task Dash_h_prints_help_for_each_magic()
    {
        await using var interpreter = new CSharpInterpreter();
        foreach (var magic in interpreter.Magics.All)
        {
            var (outcome, output) = await interpreter.RunAsync($"#!{magic.Name} -h");
            Assert.Null(outcome.Error);
            Assert.Contains("Usage:", output.Text());
            Assert.Contains($"#!{magic.Name}", output.Text());
        }
    }

    [Fact]
    public async Task Unknown_magics_and_bad_options_are_usage_errors_and_the_kernel_goes_on()
    {
        await using var interpreter = new CSharpInterpreter();
        var (unknown, _) = await interpreter.RunAsync("#!nosuchmagic");
        Assert.Equal(MagicDispatcher.UsageError, unknown.Error!.Name);
        Assert.Contains("#!nosuchmagic", unknown.Error.Value);
        Assert.Contains("#!lsmagic", unknown.Error.Value);
        var (bad, _) = await interpreter.RunAsync("#!time --bogus\n1");
        Assert.Equal(MagicDispatcher.UsageError, bad.Error!.Name);
        Assert.Contains("--bogus", bad.Error.Value);
        var (missing, _) = await interpreter.RunAsync("#!extension");
        Assert.Equal(MagicDispatcher.UsageError, missing.Error!.Name);
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    [Fact]
    public void The_directive_parser_splits_quoted_arguments_and_keeps_the_body()
    {
        Assert.True(MagicDirective.TryParse("\n#!shout \"two words\" --loud 3\nbody line 1\nbody line 2", out var directive));
        Assert.Equal("shout", directive.Name);
        Assert.Equal(["two words", "--loud", "3"], directive.Arguments);
        Assert.Equal("body line 1\nbody line 2", directive.Body);
        Assert.Equal(3, directive.BodyLine);
        Assert.False(MagicDirective.TryParse("var x = 1; // #!not", out _));
        Assert.False(MagicDirective.TryParse("#r \"x.dll\"", out _));
    }
}
