using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Extensions;

/// <summary>
/// .NET Interactive's extension API in our kernel: an IKernelExtension gets a real Kernel, and what it does there
/// (displays while loading, code it submits, directives it adds, formatters it registers) reaches our session.
/// Restores Microsoft.DotNet.Interactive and Plotly.NET.Interactive from NuGet (cached after the first run).
/// </summary>
[Collection(InterpreterCollection.Name)]
public sealed class InteractiveExtensionTests
{
    const string DotNetInteractiveVersion = "1.0.0-beta.26120.1";

    const string Extension = """
        using System.Threading.Tasks;
        using Microsoft.DotNet.Interactive;
        using Microsoft.DotNet.Interactive.Commands;
        using Microsoft.DotNet.Interactive.Directives;

        public sealed class GreetingExtension : IKernelExtension
        {
            public async Task OnLoadAsync(Kernel kernel)
            {
                KernelInvocationContext.Current?.Display("greeting extension loading", "text/plain");
                await kernel.FindKernelByName("csharp")!.SendAsync(new SubmitCode("var fromExtension = 42;"));
                kernel.AddDirective(new KernelActionDirective("#!greet") { Description = "Says hello." },
                    (command, context) => { context.Display("hello from " + command, "text/plain"); return Task.CompletedTask; });
            }
        }
        """;

    [Fact]
    public async Task An_extension_displays_while_loading_submits_code_to_our_session_and_its_directive_becomes_a_magic()
    {
        var restorer = new NuGetRestorer();
        var dotnetInteractive = await restorer.RestoreAsync("Microsoft.DotNet.Interactive", DotNetInteractiveVersion);
        var extension = TestAssemblies.Build("Greeting", Extension, dotnetInteractive.Assemblies);
        await using var interpreter = new CSharpInterpreter();
        var package = new RestoredPackage(dotnetInteractive.Assemblies, [], [extension]);

        var output = new RecordingOutput();
        await new InteractiveExtensionsContext(interpreter).LoadAsync(package, output, CancellationToken.None);

        Assert.Contains("greeting extension loading", output.Displays.Select(d => d.Bundle.Data["text/plain"]));
        Assert.Contains("Loaded .NET Interactive extension GreetingExtension", output.Text());
        Assert.Contains("#!greet: a magic of this kernel now", output.Text());
        Assert.Equal("43", await interpreter.ResultAsync("fromExtension + 1"));
        var (outcome, greeted) = await interpreter.RunAsync("#!greet");
        Assert.True(outcome.Error is null, outcome.Error?.Value);
        Assert.Contains(greeted.Displays, d => ((string)d.Bundle.Data["text/plain"]).StartsWith("hello from", StringComparison.Ordinal));
        Assert.Contains(interpreter.Magics.All, m => m.Name == "greet");
    }

    [Fact]
    public async Task Plotly_NET_Interactive_from_nuget_registers_its_chart_html_in_a_kernel_without_chart_formatters()
    {
        await using var interpreter = new CSharpInterpreter();
        var (loaded, output) = await interpreter.RunAsync("#r \"nuget: Plotly.NET.Interactive, 6.0.0\"");
        Assert.True(loaded.Error is null, loaded.Error?.Value);
        Assert.Contains("Loaded .NET Interactive extension Plotly.NET.Interactive.FormatterKernelExtension", output.Text());

        var (shown, _) = await interpreter.RunAsync("""
            using Plotly.NET;
            var trace = new Trace2D("scatter");
            trace.SetProperty("x", new[] { 1, 2, 3 });
            trace.SetProperty("y", new[] { 1, 4, 9 });
            GenericChart.ofTraceObject(true, trace)
            """);
        Assert.True(shown.Error is null, shown.Error?.Value);
        // Plotly.NET.Interactive's own rendering (GenericChart.toChartHTML): a div and the script that draws the figure into it.
        var html = (string)shown.Result!.Data["text/html"];
        Assert.Contains("<script", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains("[1,4,9]", html.Replace(" ", "", StringComparison.Ordinal));

        // Referenced again (a notebook run twice): restored once, the extension not loaded a second time.
        var (again, againOutput) = await interpreter.RunAsync("#r \"nuget: Plotly.NET.Interactive, 6.0.0\"");
        Assert.True(again.Error is null, again.Error?.Value);
        Assert.DoesNotContain("Loaded .NET Interactive extension", againOutput.Text());
    }

    [Fact]
    public async Task After_an_extension_loaded_a_display_reaches_the_cell_once_and_prints_nothing()
    {
        // .NET Interactive's Kernel subscribes to its Formatter's displayed values and writes those outside its own
        // commands to the console: with the kernel's Formatting shared, this display would also come out as stdout.
        await using var interpreter = new CSharpInterpreter();
        var (loaded, _) = await interpreter.RunAsync("#r \"nuget: Plotly.NET.Interactive, 6.0.0\"");
        Assert.True(loaded.Error is null, loaded.Error?.Value);
        var (shown, output) = await interpreter.RunAsync("\"after the bridge\".Display();");
        Assert.True(shown.Error is null, shown.Error?.Value);
        Assert.Equal("after the bridge", Assert.Single(output.Displays).Bundle.Data["text/plain"]);
        Assert.Equal("", output.Text());
    }
}
