using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// The cell being executed and the one owner of what an interrupt does to it: the interrupt cancels the cell's
/// token, one grace period runs (however many interrupts arrive), and if the cell has not stopped by then it is
/// abandoned: the interpreter is told to stop waiting for it (its thread runs on) and the kernel answers the next
/// request. Nothing else in the kernel keeps a timer of its own.
/// </summary>
sealed class RunningCell
{
    readonly CancellationTokenSource interrupt = new();
    readonly CancellationTokenSource abandon = new();
    readonly TaskCompletionSource<bool> interrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int interruptStarted;

    /// <summary>Starts <paramref name="run"/> (given the interrupt and abandon tokens) on the thread pool, off the socket and queue threads.</summary>
    public RunningCell(int executionCount, Func<CancellationToken, CancellationToken, Task<ExecutionOutcome>> run)
    {
        ExecutionCount = executionCount;
        var (interruptToken, abandonToken) = (interrupt.Token, abandon.Token);
        Execution = Task.Run(() => run(interruptToken, abandonToken));
    }

    public int ExecutionCount { get; }

    public Task<ExecutionOutcome> Execution { get; }

    /// <summary>True once the grace period ran out with the cell still running.</summary>
    public bool WasAbandoned => abandoned.Task.IsCompleted;

    /// <summary>How long the grace period was, once an interrupt started one.</summary>
    public TimeSpan Grace { get; private set; }

    /// <summary>
    /// Interrupts the cell and waits for it at most <paramref name="grace"/>: true when it stopped, false when it was
    /// abandoned. Later calls share the first one's grace period and answer.
    /// </summary>
    public Task<bool> InterruptAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref interruptStarted, 1) == 0)
        {
            Grace = grace;
            _ = Task.Run(() => InterruptOnceAsync(grace));
        }
        return interrupted.Task;
    }

    async Task InterruptOnceAsync(TimeSpan grace)
    {
        try
        {
            interrupt.Cancel();
        }
        catch (AggregateException)
        {
            // A callback the cell registered on its token threw; the token is cancelled all the same.
        }
        await Task.WhenAny(Execution, Task.Delay(grace)).ConfigureAwait(false);
        if (Execution.IsCompleted)
        {
            interrupted.TrySetResult(true);
            return;
        }
        abandoned.TrySetResult();
        try
        {
            abandon.Cancel();
        }
        catch (AggregateException)
        {
            // The interpreter's callback failed; the kernel has stopped waiting all the same.
        }
        interrupted.TrySetResult(false);
    }

    /// <summary>Completes when the cell finishes or is abandoned.</summary>
    public Task Settled => Task.WhenAny(Execution, abandoned.Task);
}
