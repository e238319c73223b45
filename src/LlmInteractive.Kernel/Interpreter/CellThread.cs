namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Starts a cell on its own thread, so an interrupt can <see cref="Thread.Interrupt"/> it out of a blocking
/// Sleep/Wait/Join. The thread runs the cell's synchronous part; after the cell's first real await, its
/// continuations run on the thread pool (a blocked call there is only reached through the cancellation token).
/// </summary>
sealed class CellThread<T>
{
    readonly Thread thread;
    readonly TaskCompletionSource<Task<T>> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    CellThread(Func<Task<T>> start, string name)
    {
        thread = new Thread(() =>
        {
            try { started.TrySetResult(start()); }
            catch (Exception e) { started.TrySetException(e); }
        })
        { IsBackground = true, Name = name };
        Completion = started.Task.Unwrap();
    }

    /// <summary>Completes with the cell's result (or its exception).</summary>
    public Task<T> Completion { get; }

    public static CellThread<T> Start(Func<Task<T>> start, string name)
    {
        var cell = new CellThread<T>(start, name);
        cell.thread.Start();
        return cell;
    }

    /// <summary>Wakes the thread from a blocking call (ThreadInterruptedException in the cell); harmless once it ended.</summary>
    public void Interrupt()
    {
        if (thread.IsAlive) thread.Interrupt();
    }
}
