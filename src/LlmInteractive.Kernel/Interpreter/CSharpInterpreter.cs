using System.Reflection;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Magics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// C# cells on Roslyn scripting (after xeus' interpreter): each cell continues the previous cell's state, so
/// declarations, usings and variables persist; a trailing expression becomes the result. Cells run on their own
/// thread with the interrupt token and output routing set; <c>#!</c> magics and <c>#r</c> directives are handled
/// before the C# is compiled.
/// </summary>
public sealed class CSharpInterpreter : IInterpreter, IAsyncDisposable
{
    readonly SemaphoreSlim executing = new(1, 1);
    readonly MagicDispatcher dispatcher;
    readonly NuGetRestorer nuget;
    readonly CodeAssistance assistance;
    readonly Lazy<InteractiveExtensionsContext> interactiveExtensions;
    int cellNumber;

    /// <param name="magics">The magic registry (built-ins are added to it); a new one when null.</param>
    /// <param name="nuget">Restores <c>#r "nuget: ..."</c> packages; one using ~/.cache/llm-interactive/nuget when null.</param>
    public CSharpInterpreter(MagicRegistry? magics = null, NuGetRestorer? nuget = null)
    {
        OutputCapture.Install();
        DisplayRouting.Install();
        ConsoleInput.Install();
        Magics = magics ?? new MagicRegistry();
        this.nuget = nuget ?? new NuGetRestorer();
        Session = new ScriptSession();
        Extensions = new ExtensionLoader(this);
        Context = new SessionContext(this);
        dispatcher = new MagicDispatcher(Magics);
        assistance = new CodeAssistance(Session, Magics);
        interactiveExtensions = new(() => new InteractiveExtensionsContext(this));
        BuiltInMagics.RegisterAll(Magics, Extensions);
    }

    public MagicRegistry Magics { get; }

    /// <summary>Loads extension assemblies into this session (kernel.json's <c>--extension</c>, <c>#!extension</c>, <c>#r</c>).</summary>
    public ExtensionLoader Extensions { get; }

    /// <summary>The session as extensions see it (variables, magics, code submission).</summary>
    public IExtensionContext Context { get; }

    internal ScriptSession Session { get; }

    public LanguageInfo Language { get; } = new(
        "csharp", "14.0", "text/x-csharp", ".cs", "csharp", "text/x-csharp",
        "C# (LLM Interactive) — Roslyn scripting on .NET " + Environment.Version,
        [("C# documentation", "https://learn.microsoft.com/dotnet/csharp/")]);

    public async Task<ExecutionOutcome> ExecuteAsync(string code, ExecutionOptions options, IExecutionOutput output, CancellationToken cancellation)
    {
        await executing.WaitAsync(CancellationToken.None);
        try
        {
            var raw = options.Silent ? SilentOutput.Instance : output;
            using var batcher = new StreamBatcher(raw);
            var sink = new StreamOrderedOutput(raw, batcher);
            using (CurrentCell.Use(sink, cancellation))
            using (OutputCapture.RouteNativeOutput(batcher))
            {
                return await RunAsync(code, sink, cancellation, options);
            }
        }
        finally
        {
            executing.Release();
        }
    }

    public Task<Completion> CompleteAsync(string code, int cursorPosition, CancellationToken cancellation) =>
        assistance.CompleteAsync(code, cursorPosition, cancellation);

    public Task<MimeBundle?> InspectAsync(string code, int cursorPosition, int detailLevel, CancellationToken cancellation) =>
        assistance.InspectAsync(code, cursorPosition, detailLevel, cancellation);

    public Task<(string Status, string Indent)> IsCompleteAsync(string code, CancellationToken cancellation) =>
        Task.FromResult(SubmissionCompleteness.Check(code));

    /// <summary>
    /// Pays the one-time costs (first compilation, Roslyn's completion services) ahead of the user's first cell and
    /// first Tab; the kernel host may call it in the background after startup.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellation = default)
    {
        await Session.EnsureStartedAsync(cancellation);
        _ = Session.Continue("1").Compile(cancellation);
        await assistance.CompleteAsync("\"\".Len", 7, cancellation);
    }

    public ValueTask DisposeAsync()
    {
        executing.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs code in the session from the host (extensions, variable injection): outputs go to the running cell, if any.</summary>
    internal Task<ExecutionOutcome> RunQuietlyAsync(string code, CancellationToken cancellation) =>
        RunQuietlyAsync(code, CurrentCell.Output ?? SilentOutput.Instance, cancellation);

    /// <summary>Runs code from the host with its outputs sent to <paramref name="output"/>.</summary>
    internal async Task<ExecutionOutcome> RunQuietlyAsync(string code, IExecutionOutput output, CancellationToken cancellation)
    {
        var token = CurrentCell.CancellationOr(cancellation);
        using (CurrentCell.Use(output, token))
            return await RunAsync(code, output, token, HostCode);
    }

    static readonly ExecutionOptions HostCode = new(Silent: true, StoreHistory: false, ExecutionCount: 0);

    /// <summary>One cell, magic or C#, with the ambient output and token already set by the caller.</summary>
    async Task<ExecutionOutcome> RunAsync(string code, IExecutionOutput output, CancellationToken cancellation, ExecutionOptions options)
    {
        try
        {
            if (MagicDirective.TryParse(code, out var directive))
            {
                // The body keeps its place in the cell (blank lines for the directive), so errors name the cell's own lines.
                Task<ExecutionOutcome> RunCode(string body, CancellationToken token) =>
                    RunAsync(body == directive.Body ? new string('\n', directive.BodyLine - 1) + body : body, output, token, options);
                return await dispatcher.DispatchAsync(directive, output, Context, RunCode, cancellation);
            }
            return await RunCSharpAsync(code, cancellation, options);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Failures of the machinery around the cell (restore, extension load, formatting) end the cell, not the kernel.
            return CellErrors.FromException(e, cancellation.IsCancellationRequested);
        }
    }

    async Task<ExecutionOutcome> RunCSharpAsync(string code, CancellationToken cancellation, ExecutionOptions options)
    {
        string body;
        IReadOnlyList<ReferenceDirective> directives;
        try
        {
            (body, directives) = ReferenceDirectives.Extract(code);
        }
        catch (ArgumentException e)
        {
            return ExecutionOutcome.Failed("ReferenceError", e.Message, [e.Message]);
        }
        foreach (var directive in directives)
        {
            if (await ResolveAsync(directive, cancellation) is { } failure) return failure;
        }
        await Session.EnsureStartedAsync(cancellation);
        if (string.IsNullOrWhiteSpace(body)) return ExecutionOutcome.Ok();

        var (script, errors) = Session.Compile(body, cancellation);
        if (errors.Count > 0) return CellErrors.FromDiagnostics(errors);

        var previous = Session.State!;
        var number = Interlocked.Increment(ref cellNumber);
        var cell = CellThread<ScriptState<object>>.Start(
            () => script.RunFromAsync(previous, catchException: _ => true, CancellationToken.None), $"cell {number}");
        using var interrupt = cancellation.Register(cell.Interrupt);
        // The kernel decides when an interrupted cell is given up on (one grace period, one message); this only obeys.
        var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var giveUp = options.Abandoned.Register(() => abandoned.TrySetResult());
        if (await Task.WhenAny(cell.Completion, abandoned.Task) != cell.Completion)
        {
            // Its state is never committed: later cells continue from the state before it.
            _ = cell.Completion.ContinueWith(_ => OutputCapture.Log($"abandoned cell [{options.ExecutionCount}] has ended after all"), TaskScheduler.Default);
            var message = $"Cell [{options.ExecutionCount}] was abandoned after it ignored the interrupt; its thread is still running, " +
                          "and only a restart stops it. Later cells continue from the state before it.";
            return ExecutionOutcome.Failed(CellErrors.InterruptIgnored, message, [message]);
        }

        ScriptState<object> state;
        try
        {
            state = await cell.Completion;
        }
        catch (Exception e)
        {
            return CellErrors.FromException(e, cancellation.IsCancellationRequested);
        }
        Session.Commit(state, body);
        if (state.Exception is { } exception) return CellErrors.FromException(exception, cancellation.IsCancellationRequested);
        // A cell ending in display(x) has already shown x; its handle is not a result worth showing again.
        return state.ReturnValue is null or Microsoft.DotNet.Interactive.Formatting.DisplayedValue ? ExecutionOutcome.Ok() : ExecutionOutcome.Ok(MimeBundles.From(state.ReturnValue));
    }

    /// <summary>Loads what a <c>#r</c> line names into the session; an error outcome when it cannot.</summary>
    async Task<ExecutionOutcome?> ResolveAsync(ReferenceDirective directive, CancellationToken cancellation)
    {
        List<Assembly> assemblies;
        RestoredPackage? withInteractiveExtensions = null;
        if (directive.IsPackage)
        {
            RestoredPackage package;
            try
            {
                package = await nuget.RestoreAsync(directive.PackageId!, directive.PackageVersion, cancellation);
            }
            catch (NuGetRestoreException e)
            {
                return ExecutionOutcome.Failed(nameof(NuGetRestoreException), e.Message, e.Message.Split('\n'));
            }
            AssemblyLoading.Register(package.Assemblies);
            AssemblyLoading.RegisterNative(package.NativeLibraries);
            assemblies = package.Assemblies.Select(TryLoad).OfType<Assembly>().ToList();
            if (package.DotNetInteractiveExtensions.Count > 0) withInteractiveExtensions = package;
            Console.WriteLine($"Installed package {directive.PackageId}{(directive.PackageVersion is null ? "" : $" {directive.PackageVersion}")}");
        }
        else
        {
            var path = Path.GetFullPath(ExtensionLoader.ExpandHome(directive.AssemblyPath!));
            if (!File.Exists(path))
            {
                var message = $"#r \"{directive.AssemblyPath}\" (line {directive.Line}): file '{path}' not found. " +
                              $"Give an absolute path or one relative to the kernel's working directory ({Environment.CurrentDirectory}).";
                return ExecutionOutcome.Failed("ReferenceError", message, [message]);
            }
            assemblies = [AssemblyLoading.Load(path)];
        }
        Session.AddReferences(assemblies);
        foreach (var assembly in assemblies.Where(ExtensionLoader.HasExtensions))
            await Extensions.LoadAsync(assembly, cancellation: cancellation);
        // .NET Interactive extensions (Plotly.NET.Interactive's and others), as dotnet-interactive loads them for #r "nuget: ...".
        if (withInteractiveExtensions is not null)
            await interactiveExtensions.Value.LoadAsync(withInteractiveExtensions, CurrentCell.Output ?? SilentOutput.Instance, cancellation);
        return null;
    }

    static Assembly? TryLoad(string path)
    {
        try { return AssemblyLoading.Load(path); }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException) { return null; }
    }

    /// <summary>Drops outputs: Jupyter's silent execution and host-side code run outside any cell.</summary>
    sealed class SilentOutput : IExecutionOutput
    {
        public static readonly SilentOutput Instance = new();
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void Clear(bool wait) { }
    }
}
