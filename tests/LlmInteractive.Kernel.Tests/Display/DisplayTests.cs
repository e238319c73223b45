using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Display;

[Collection(InterpreterCollection.Name)]
public sealed class DisplayTests
{
    [Fact]
    public async Task Display_sends_display_data_and_update_replaces_it_in_place()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("var h = display(\"first\");\nh.Update(\"second\");\n\"third\".Display();");
        Assert.Null(outcome.Error);
        var displays = output.Displays;
        Assert.Equal(3, displays.Count);
        Assert.False(displays[0].Update);
        Assert.Equal("first", displays[0].Bundle.Data["text/plain"]);
        Assert.True(displays[1].Update);
        Assert.Equal(displays[0].DisplayId, displays[1].DisplayId);
        Assert.Equal("second", displays[1].Bundle.Data["text/plain"]);
        Assert.False(displays[2].Update);
        Assert.NotEqual(displays[0].DisplayId, displays[2].DisplayId);
    }

    [Fact]
    public async Task The_value_Display_returns_updates_the_display_it_made()
    {
        // Formatting's own Display() returns a DisplayedValue other than the one it raised, with another DisplayId;
        // the cells' Display() returns the one shown, as notebooks' "status.Update(...)" lines need.
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("var status = \"running\".Display();\nstatus.Update(\"done\");\nstatus");
        Assert.Null(outcome.Error);
        Assert.Null(outcome.Result);
        var displays = output.Displays;
        Assert.Equal(2, displays.Count);
        Assert.False(displays[0].Update);
        Assert.True(displays[1].Update);
        Assert.Equal(displays[0].DisplayId, displays[1].DisplayId);
        Assert.Equal("done", displays[1].Bundle.Data["text/plain"]);
    }

    [Fact]
    public async Task A_display_made_while_formatting_does_not_take_the_handle_of_the_outer_one()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("""
            public record Outer(int X);
            Formatter.Register<Outer>(o => { "inner".Display(); return $"outer {o.X}"; }, "text/plain");
            var shown = new Outer(1).Display("text/plain");
            shown.Update(new Outer(2));
            """);
        Assert.Null(outcome.Error);
        var outer = output.Displays.Where(d => ((string)d.Bundle.Data["text/plain"]).StartsWith("outer", StringComparison.Ordinal)).ToList();
        Assert.Equal(["outer 1", "outer 2"], outer.Select(d => (string)d.Bundle.Data["text/plain"]));
        Assert.Equal(outer[0].DisplayId, outer[1].DisplayId);
        Assert.True(outer[1].Update);
    }

    [Fact]
    public async Task Displays_from_Formatting_DisplayedValue_reach_the_cell()
    {
        // Code written against Formatting alone (as an extension for .NET Interactive is) displays through its events.
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("System.DisplayExtensions.Display(\"plain\");\n\"<b>x</b>\".DisplayAs(\"text/html\");");
        Assert.Null(outcome.Error);
        var displays = output.Displays;
        Assert.Equal(2, displays.Count);
        Assert.Equal("plain", displays[0].Bundle.Data["text/plain"]);
        Assert.Equal("<b>x</b>", displays[1].Bundle.Data["text/html"]);
        Assert.All(displays, d => Assert.False(d.Update));
    }

    [Fact]
    public async Task Display_with_mime_types_formats_each_and_always_adds_text_plain()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("display(new[] { 1, 2 }, \"text/html\")");
        Assert.Null(outcome.Result);
        var data = output.Displays.Single().Bundle.Data;
        Assert.Contains("text/html", data.Keys);
        Assert.Contains("text/plain", data.Keys);
    }

    [Fact]
    public async Task Formatters_registered_in_a_cell_format_results_and_displays()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("""
            public record Probe(int Value);
            Formatter.Register<Probe>(p => $"<b>probe {p.Value}</b>", "text/html");
            Formatter.Register<Probe>(p => $"Probe #{p.Value}", "text/plain");
            """);
        var (outcome, output) = await interpreter.RunAsync("display(new Probe(5));\nnew Probe(7)");
        Assert.Null(outcome.Error);
        Assert.Equal("<b>probe 7</b>", outcome.Result!.Data["text/html"]);
        Assert.Equal("Probe #7", outcome.Result.Data["text/plain"]);
        Assert.Equal("<b>probe 5</b>", output.Displays.Single().Bundle.Data["text/html"]);
    }

    [Fact]
    public async Task A_partial_line_printed_before_a_display_is_sent_before_it()
    {
        await using var interpreter = new CSharpInterpreter();
        var order = new List<string>();
        var output = new OrderRecordingOutput(order);
        await interpreter.ExecuteAsync("Console.Write(\"partial\");\ndisplay(1);", new ExecutionOptions(false, true, 1), output, default);
        Assert.Equal(["stream:partial", "display"], order);
    }

    sealed class OrderRecordingOutput(List<string> order) : IExecutionOutput
    {
        public void Stream(string name, string text) { lock (order) order.Add($"stream:{text}"); }
        public void Display(MimeBundle bundle, string? displayId, bool update) { lock (order) order.Add("display"); }
        public void Clear(bool wait) { lock (order) order.Add("clear"); }
    }
}
