using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// The cell being executed: its cancellation (fired by an interrupt) and a way to stop waiting for it when it
/// ignores the interrupt, so the kernel can answer the next request while the runaway cell keeps its thread.
/// </summary>
sealed class RunningCell
{
    readonly TaskCompletionSource abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts <paramref name="run"/> on the thread pool, off the socket and queue threads.</summary>
    public RunningCell(Func<CancellationToken, Task<ExecutionOutcome>> run)
    {
        var token = Cancellation.Token;
        Execution = Task.Run(() => run(token));
    }

    public CancellationTokenSource Cancellation { get; } = new();

    public Task<ExecutionOutcome> Execution { get; }

    public bool WasAbandoned => abandoned.Task.IsCompleted;

    /// <summary>Cancels the cell and waits up to <paramref name="grace"/>; false (and the cell abandoned) when it did not stop.</summary>
    public async Task<bool> InterruptAsync(TimeSpan grace)
    {
        try { Cancellation.Cancel(); } catch (ObjectDisposedException) { return true; }
        var stopped = await Task.WhenAny(Execution, Task.Delay(grace)).ConfigureAwait(false) == Execution;
        if (!stopped) abandoned.TrySetResult();
        return stopped;
    }

    /// <summary>Completes when the cell finishes or is abandoned.</summary>
    public Task Settled => Task.WhenAny(Execution, abandoned.Task);
}
