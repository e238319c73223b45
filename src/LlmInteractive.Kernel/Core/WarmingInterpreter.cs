using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// Lets the kernel answer kernel_info at once while slow start-up work (loading extensions, which loads libtorch,
/// and warming Roslyn) runs in the background: every request but kernel_info waits for <see cref="Ready"/>.
/// If that work failed, each cell reports the failure instead of running, so the notebook says what went wrong.
/// </summary>
public sealed class WarmingInterpreter(IInterpreter inner, Task warmUp) : IInterpreter
{
    public Task Ready => warmUp;

    public LanguageInfo Language => inner.Language;

    public async Task<ExecutionOutcome> ExecuteAsync(string code, ExecutionOptions options, IExecutionOutput output, CancellationToken cancellation)
    {
        try
        {
            await warmUp.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var problem = e is AggregateException { InnerException: { } first } ? first : e;
            return ExecutionOutcome.Failed("KernelStartupError",
                $"The kernel could not finish starting: {problem.Message} Fix the cause (see the traceback) and restart the kernel.",
                [problem.ToString()]);
        }
        return await inner.ExecuteAsync(code, options, output, cancellation).ConfigureAwait(false);
    }

    public async Task<Completion> CompleteAsync(string code, int cursorPosition, CancellationToken cancellation)
    {
        await Settled(cancellation).ConfigureAwait(false);
        return await inner.CompleteAsync(code, cursorPosition, cancellation).ConfigureAwait(false);
    }

    public async Task<MimeBundle?> InspectAsync(string code, int cursorPosition, int detailLevel, CancellationToken cancellation)
    {
        await Settled(cancellation).ConfigureAwait(false);
        return await inner.InspectAsync(code, cursorPosition, detailLevel, cancellation).ConfigureAwait(false);
    }

    public async Task<(string Status, string Indent)> IsCompleteAsync(string code, CancellationToken cancellation)
    {
        await Settled(cancellation).ConfigureAwait(false);
        return await inner.IsCompleteAsync(code, cancellation).ConfigureAwait(false);
    }

    /// <summary>Waits for the warm-up, whatever its outcome: completion still works when an extension failed.</summary>
    Task Settled(CancellationToken cancellation) =>
        warmUp.ContinueWith(_ => { }, cancellation, TaskContinuationOptions.None, TaskScheduler.Default);
}
