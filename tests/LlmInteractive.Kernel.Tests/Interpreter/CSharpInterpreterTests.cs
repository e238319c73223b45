using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

[Collection(InterpreterCollection.Name)]
public sealed class CSharpInterpreterTests
{
    [Fact]
    public async Task Cells_use_framework_assemblies_outside_the_common_set_without_r_and_errors_stay_the_same()
    {
        await using var interpreter = new CSharpInterpreter();
        // A typo is still an error, named as before, and does not stop later cells.
        var (typo, _) = await interpreter.RunAsync("Consle.WriteLine(1);");
        Assert.Contains("CS0103", typo.Error!.Value);
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
        // System.Xml.Linq and System.Security.Cryptography are not in FrameworkReferences.Common.
        Assert.Equal("<a>1</a>", await interpreter.ResultAsync("new System.Xml.Linq.XElement(\"a\", 1).ToString()"));
        Assert.Equal("64", await interpreter.ResultAsync("System.Security.Cryptography.SHA256.HashData(new byte[1]).Length * 2"));
        Assert.Equal("3", await interpreter.ResultAsync("1 + 2"));
    }

    [Fact]
    public async Task Variables_declarations_and_usings_persist_across_cells()
    {
        await using var interpreter = new CSharpInterpreter();
        Assert.Null(await interpreter.ResultAsync("var x = 41;"));
        Assert.Null(await interpreter.ResultAsync("using System.Text.RegularExpressions;\nint Twice(int v) => 2 * v;"));
        Assert.Equal("42", await interpreter.ResultAsync("x + 1"));
        Assert.Equal("84", await interpreter.ResultAsync("Twice(x + 1)"));
        Assert.Equal("True", await interpreter.ResultAsync("Regex.IsMatch(\"abc\", \"b\")"));
    }

    [Theory]
    [InlineData("HTML(\"<b>bold</b>\")", "<b>bold</b>")]
    [InlineData("new HtmlString(\"<i>it</i>\")", "<i>it</i>")]
    public async Task Html_helpers_need_no_using_and_display_as_html(string code, string html)
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync(code);
        Assert.True(outcome.Error is null, $"cell failed: {outcome.Error?.Name}: {outcome.Error?.Value}");
        Assert.Equal(html, outcome.Result?.Data["text/html"] as string);
        Assert.True(outcome.Result?.Data.ContainsKey("text/plain"), "every result carries text/plain too");
    }

    [Fact]
    public async Task Cells_that_declare_nothing_leave_the_submission_chain_as_it_was()
    {
        await using var interpreter = new CSharpInterpreter();
        Assert.Null(await interpreter.ResultAsync("var x = 1;"));
        var chained = ChainLength(interpreter);
        for (var i = 0; i < 5; i++) await interpreter.ResultAsync("x = x + 1");
        Assert.Equal("3", await interpreter.ResultAsync("new[] { 1, 2 }.Select(v => v + 1).Last()"));
        Assert.Equal(chained, ChainLength(interpreter));
        // Their effects are kept: assignments go to the declaring cell's fields.
        Assert.Equal("6", await interpreter.ResultAsync("x"));
        Assert.Contains(interpreter.Context.Variables.List(), v => v.Name == "x" && Equals(v.Value, 6));
    }

    [Theory]
    [InlineData("int.TryParse(\"5\", out var declared);", "declared", "5")]
    [InlineData("if (\"5\" is var declared) { }", "declared", "5")]
    [InlineData("var (declared, other) = (5, 6);", "declared + other", "11")]
    [InlineData("int Declared() => 5;", "Declared()", "5")]
    [InlineData("record Declared(int Value);", "new Declared(5).Value", "5")]
    [InlineData("using System.Text.RegularExpressions;", "Regex.Escape(\"5\")", "5")]
    [InlineData("using static System.Math;", "Abs(-5)", "5")]
    public async Task Cells_that_declare_something_stay_chained(string declaring, string use, string expected)
    {
        await using var interpreter = new CSharpInterpreter();
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
        var before = ChainLength(interpreter);
        await interpreter.ResultAsync(declaring);
        Assert.Equal(before + 1, ChainLength(interpreter));
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
        Assert.Equal(expected, await interpreter.ResultAsync(use));
    }

    static int ChainLength(CSharpInterpreter interpreter)
    {
        var length = 0;
        for (var script = interpreter.Session.State!.Script; script is not null; script = script.Previous) length++;
        return length;
    }

    [Fact]
    public async Task Console_input_and_GetInputAsync_ask_the_front_end()
    {
        await using var interpreter = new CSharpInterpreter();
        var output = new RecordingOutput();
        foreach (var line in new[] { "ada", "xy", "s3cret", "lovelace" }) output.Answers.Enqueue(line);
        var (outcome, _) = await interpreter.RunAsync("""
            Console.Write("name? ");
            var name = Console.ReadLine();
            var chars = $"{(char)Console.Read()}{(char)Console.In.Peek()}{(char)Console.Read()}{(char)Console.Read()}";
            var secret = await GetPasswordAsync("secret: ");
            var surname = await GetInputAsync("surname: ");
            $"{name}|{chars}|{secret.Length}|{surname}"
            """, output: output);
        Assert.Null(outcome.Error);
        Assert.Equal("ada|xyy\n|6|lovelace", outcome.Result!.Data["text/plain"]);
        Assert.Equal([("", false), ("", false), ("secret: ", true), ("surname: ", false)], output.Questions);
        Assert.Equal("name? ", output.Text());
    }

    [Fact]
    public async Task Asking_for_input_where_nobody_can_answer_fails_the_cell_with_the_reason()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync("var line = Console.ReadLine();");
        Assert.Equal("InvalidOperationException", outcome.Error!.Name);
        Assert.Contains("allow_stdin is false", outcome.Error.Value);
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    [Fact]
    public async Task Top_level_await_works_and_the_trailing_expression_is_the_result()
    {
        await using var interpreter = new CSharpInterpreter();
        Assert.Equal("7", await interpreter.ResultAsync("await Task.Delay(20);\n3 + 4"));
        Assert.Null(await interpreter.ResultAsync("await Task.Delay(1);"));
        Assert.Null(await interpreter.ResultAsync("Console.WriteLine(1)"));
    }

    [Fact]
    public async Task Compile_errors_name_line_column_and_code_and_the_kernel_goes_on()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync("var a = 1;\nint b = \"text\";");
        Assert.Equal("CompilationError", outcome.Error!.Name);
        Assert.Contains("(2,9): error CS0029:", outcome.Error.Value);
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    [Fact]
    public async Task Runtime_errors_give_type_message_and_a_traceback_at_cell_lines()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync("var a = 1;\nvar b = 2;\nthrow new InvalidOperationException(\"boom\");");
        Assert.Equal("InvalidOperationException", outcome.Error!.Name);
        Assert.Equal("boom", outcome.Error.Value);
        Assert.Contains(outcome.Error.Traceback, line => line.Contains("Cell line 3"));
        Assert.Equal("3", await interpreter.ResultAsync("a + b"));
    }

    [Fact]
    public async Task Errors_inside_called_methods_point_at_the_calling_cell_line()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("int Fail(int v)\n{\n    return 10 / v;\n}");
        var (outcome, _) = await interpreter.RunAsync("var zero = 0;\nFail(zero)");
        Assert.Equal("DivideByZeroException", outcome.Error!.Name);
        Assert.Contains(outcome.Error.Traceback, line => line.Contains("Cell line 3"));
        Assert.Contains(outcome.Error.Traceback, line => line.Contains("Cell line 2"));
    }

    [Fact]
    public async Task Globals_expose_the_running_cells_cancellation_token()
    {
        await using var interpreter = new CSharpInterpreter();
        using var source = new CancellationTokenSource();
        var (outcome, _) = await interpreter.RunAsync("Cancellation.CanBeCanceled", source.Token);
        Assert.Equal("True", outcome.Result!.Data["text/plain"]);
    }

    [Fact]
    public async Task Silent_cells_send_no_output()
    {
        await using var interpreter = new CSharpInterpreter();
        var output = new RecordingOutput();
        var outcome = await interpreter.ExecuteAsync("Console.WriteLine(\"quiet\"); display(1);", new ExecutionOptions(true, false, 1), output, default);
        Assert.Null(outcome.Error);
        Assert.Empty(output.Streams);
        Assert.Empty(output.Displays);
    }

    [Fact]
    public async Task Warm_up_leaves_the_session_empty_and_usable()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.WarmUpAsync();
        Assert.Empty(interpreter.Context.Variables.List());
        Assert.Equal("3", await interpreter.ResultAsync("1 + 2"));
    }
}
