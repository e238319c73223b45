using System.CommandLine;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Cli.Verbs;

/// <summary><c>kernel --connection-file FILE [--extension DLL]...</c>: what kernel.json runs.</summary>
public static class KernelVerb
{
    public static Command Create()
    {
        var connectionFile = new Option<string>("--connection-file") { Description = "The connection file the Jupyter front end wrote.", Required = true };
        var extensions = new Option<string[]>("--extension") { Description = "An extension assembly to load at start (repeatable)." };
        var command = new Command("kernel", "Run the Jupyter kernel (started by Jupyter through kernel.json).") { connectionFile, extensions };
        command.SetAction(async (parse, cancellation) =>
        {
            var connection = ConnectionInfo.Load(parse.GetValue(connectionFile)!);
            var csharp = new CSharpInterpreter();
            // The interpreter captures Console output for cells; the kernel's own log goes to the real stderr.
            var log = OutputCapture.OriginalStderr;
            var interpreter = new WarmingInterpreter(csharp, Task.Run(() => WarmUpAsync(csharp, parse.GetValue(extensions) ?? [], log)));
            using var kernel = new JupyterKernel(connection, interpreter, KernelOptions.Default with { HandleSigint = true }, log);
            await kernel.RunAsync(cancellation);
            await csharp.DisposeAsync();
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Start-up work done after the sockets answer: load the extensions (the LLM extension loads libtorch) and run a
    /// silent cell so Roslyn's compiler is jitted before the user's first cell.
    /// </summary>
    static async Task WarmUpAsync(CSharpInterpreter interpreter, IReadOnlyList<string> extensions, TextWriter log)
    {
        foreach (var extension in extensions)
        {
            var loaded = await interpreter.Extensions.LoadAsync(extension);
            log.WriteLine($"[llm-interactive] loaded {string.Join(", ", loaded)} from {extension}");
        }
        var warm = await interpreter.ExecuteAsync("0", new ExecutionOptions(Silent: true, StoreHistory: false, ExecutionCount: 0), NoOutput.Instance, CancellationToken.None);
        if (warm.Error is { } error) log.WriteLine($"[llm-interactive] warm-up cell failed: {error.Name}: {error.Value}");
    }

    sealed class NoOutput : IExecutionOutput
    {
        public static readonly NoOutput Instance = new();
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void Clear(bool wait) { }
    }
}
