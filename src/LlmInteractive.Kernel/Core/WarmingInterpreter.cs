using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// Lets the kernel answer kernel_info at once while slow start-up work runs in the background: creating the
/// interpreter (Roslyn), loading extensions (the LLM extension loads libtorch) and warming the compiler. Every
/// request but kernel_info waits for <see cref="Ready"/>. If start-up failed, each cell reports the failure
/// instead of running, so the notebook says what went wrong.
/// </summary>
public sealed class WarmingInterpreter : IInterpreter
{
    readonly LanguageInfo announced;
    readonly Task<IInterpreter> created;

    /// <param name="inner">The interpreter, already created.</param>
    /// <param name="warmUp">Work that must finish before the first request is handed to <paramref name="inner"/>.</param>
    public WarmingInterpreter(IInterpreter inner, Task warmUp) : this(inner.Language, Task.FromResult(inner), warmUp)
    {
    }

    /// <param name="announced">language_info to answer with until the interpreter exists (then its own is used).</param>
    /// <param name="created">The interpreter being created in the background.</param>
    /// <param name="warmUp">Work after creation that must finish before the first request.</param>
    public WarmingInterpreter(LanguageInfo announced, Task<IInterpreter> created, Task warmUp)
    {
        this.announced = announced;
        this.created = created;
        Ready = Task.WhenAll(created, warmUp);
    }

    /// <summary>Completes when the interpreter exists and the warm-up is done (faulted when either failed).</summary>
    public Task Ready { get; }

    public LanguageInfo Language => created.IsCompletedSuccessfully ? created.Result.Language : announced;

    public async Task<ExecutionOutcome> ExecuteAsync(string code, ExecutionOptions options, IExecutionOutput output, CancellationToken cancellation)
    {
        try
        {
            await Ready.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var problem = Ready.Exception?.Flatten().InnerExceptions[0] ?? e;
            return ExecutionOutcome.Failed("KernelStartupError",
                $"The kernel could not finish starting: {problem.Message} Fix the cause (see the traceback) and restart the kernel.",
                [problem.ToString()]);
        }
        return await created.Result.ExecuteAsync(code, options, output, cancellation).ConfigureAwait(false);
    }

    public async Task<Completion> CompleteAsync(string code, int cursorPosition, CancellationToken cancellation) =>
        await Settled(cancellation).ConfigureAwait(false) is { } inner
            ? await inner.CompleteAsync(code, cursorPosition, cancellation).ConfigureAwait(false)
            : new Completion([], cursorPosition, cursorPosition);

    public async Task<MimeBundle?> InspectAsync(string code, int cursorPosition, int detailLevel, CancellationToken cancellation) =>
        await Settled(cancellation).ConfigureAwait(false) is { } inner
            ? await inner.InspectAsync(code, cursorPosition, detailLevel, cancellation).ConfigureAwait(false)
            : null;

    public async Task<(string Status, string Indent)> IsCompleteAsync(string code, CancellationToken cancellation) =>
        await Settled(cancellation).ConfigureAwait(false) is { } inner
            ? await inner.IsCompleteAsync(code, cancellation).ConfigureAwait(false)
            : ("unknown", "");

    /// <summary>
    /// Waits for the warm-up whatever its outcome, so completion still works when only an extension failed;
    /// null when the interpreter itself could not be created.
    /// </summary>
    async Task<IInterpreter?> Settled(CancellationToken cancellation)
    {
        await Ready.ContinueWith(_ => { }, cancellation, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        return created.IsCompletedSuccessfully ? created.Result : null;
    }
}
