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
            var connectionPath = parse.GetValue(connectionFile)!;
            var connection = ConnectionInfo.Load(connectionPath);
            // Read stderr before the interpreter starts capturing Console output for cells: the kernel logs here.
            var log = Console.Error;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Creating the Roslyn interpreter takes a second or more; the sockets answer kernel_info meanwhile.
            // It starts once the sockets are bound, so it does not compete with binding them for the CPU.
            var socketsBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var created = Task.Run(async () =>
            {
                await socketsBound.Task;
                return new CSharpInterpreter();
            });
            var warmUp = Task.Run(async () => await WarmUpAsync(await created, parse.GetValue(extensions) ?? [], log, clock));
            var interpreter = new WarmingInterpreter(AnnouncedLanguage, AsInterpreter(created), warmUp);
            using var kernel = new JupyterKernel(connection, interpreter, KernelOptions.Default with { HandleSigint = true, SurviveUnhandledExceptions = true }, log);
            // A kernel whose front end died (JPY_PARENT_PID gone) shuts down; if a cell will not let it, it exits anyway.
            using var parent = ParentProcessWatch.Start(TimeSpan.FromSeconds(1), () =>
            {
                log.WriteLine("[llm-interactive] the parent process (JPY_PARENT_PID) is gone; shutting down");
                // The parent would have deleted the connection file (it holds the key); nobody else will now.
                File.Delete(connectionPath);
                _ = Task.Delay(TimeSpan.FromSeconds(15)).ContinueWith(_ => Environment.Exit(1), TaskScheduler.Default);
            });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, parent.ParentGone);
            var running = kernel.RunAsync(stop.Token); // binds the sockets before its first await
            socketsBound.SetResult();
            await running;
            if (created.IsCompletedSuccessfully) await created.Result.DisposeAsync();
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Start-up work done after the sockets answer: load the extensions (the LLM extension loads libtorch) and run a
    /// silent cell so the compiler and the cell path are jitted before the user's first cell.
    /// </summary>
    static async Task WarmUpAsync(CSharpInterpreter interpreter, IReadOnlyList<string> extensions, TextWriter log, System.Diagnostics.Stopwatch clock)
    {
        log.WriteLine($"[llm-interactive] interpreter created after {clock.ElapsedMilliseconds} ms");
        // The first cell jits most of Roslyn and the LLM extension loads libtorch, so a silent cell compiles and runs on
        // another thread while the extensions load on this one; twice, because the kernel's tiered compilation promotes
        // a method to optimized code on its second call (LlmInteractive.Cli.csproj). This thread then formats a value
        // once, after the extensions registered their formatters, so the two never race.
        var compilerWarm = Task.Run(async () =>
        {
            var first = await interpreter.ExecuteAsync("_ = 0;", WarmUpCell, NoOutput.Instance, CancellationToken.None);
            return first.Error is null ? await interpreter.ExecuteAsync("_ = 1;", WarmUpCell, NoOutput.Instance, CancellationToken.None) : first;
        });
        foreach (var extension in extensions)
        {
            var loaded = await interpreter.Extensions.LoadAsync(extension);
            log.WriteLine($"[llm-interactive] extension {extension}: {(loaded.Count == 0 ? "no IKernelExtension types" : string.Join(", ", loaded))} " +
                          $"(loaded after {clock.ElapsedMilliseconds} ms)");
        }
        _ = MimeBundles.From(0);
        LogTorchRuntime(log);
        var warm = await compilerWarm;
        if (warm.Error is { } error) log.WriteLine($"[llm-interactive] warm-up cell failed: {error.Name}: {error.Value}");
        log.WriteLine($"[llm-interactive] ready after {clock.ElapsedMilliseconds} ms");
        // Roslyn's completion services take seconds to start: pay that in the background, not on the user's first Tab.
        _ = Task.Run(() => interpreter.CompleteAsync("\"\".Len", 7, CancellationToken.None));
    }

    /// <summary>Says in the kernel log whether MKL's vector kernels were turned on, once an extension loaded the lab (and libtorch).</summary>
    static void LogTorchRuntime(TextWriter log)
    {
        // By name: a typeof would load the lab itself.
        if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "LlmInteractive")) return;
        try
        {
            var info = LlmInteractive.Runtime.TorchRuntime.EnsureLoaded();
            log.WriteLine($"[llm-interactive] MKL vector-kernel dispatch: {info.MklDispatch} ({Cli.Launcher.MklDispatchSwitch}={Environment.GetEnvironmentVariable(Cli.Launcher.MklDispatchSwitch)})");
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            log.WriteLine($"[llm-interactive] libtorch did not load: {e.Message}");
        }
    }

    static readonly ExecutionOptions WarmUpCell = new(Silent: true, StoreHistory: false, ExecutionCount: 0);

    /// <summary>
    /// language_info announced before the interpreter exists; CSharpInterpreter.Language replaces it once created
    /// (a test checks the two agree).
    /// </summary>
    public static readonly LanguageInfo AnnouncedLanguage = new(
        "csharp", "14.0", "text/x-csharp", ".cs", "csharp", "text/x-csharp",
        "C# (LLM Interactive) — Roslyn scripting on .NET " + Environment.Version,
        [("C# documentation", "https://learn.microsoft.com/dotnet/csharp/")]);

    static async Task<IInterpreter> AsInterpreter(Task<CSharpInterpreter> created) => await created;

    sealed class NoOutput : IExecutionOutput
    {
        public static readonly NoOutput Instance = new();
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void Clear(bool wait) { }
    }
}
