namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// The cell running on this logical call chain: where its output goes and the token its interrupt fires. The host sets
/// both together for each cell and they flow into the tasks and threads the cell starts, so displays, console writes,
/// input requests and cancellation always agree on which cell runs. Outside a cell there is no output and the token
/// cannot be cancelled.
/// </summary>
public static class CurrentCell
{
    static readonly AsyncLocal<Scope?> current = new();

    /// <summary>The running cell's output, or null outside a cell.</summary>
    public static IExecutionOutput? Output => current.Value?.Output;

    /// <summary>The running cell's token, or CancellationToken.None outside a cell.</summary>
    public static CancellationToken Cancellation => current.Value?.Cancellation ?? CancellationToken.None;

    /// <summary><paramref name="token"/> when it can be cancelled, else the running cell's.</summary>
    public static CancellationToken CancellationOr(CancellationToken token) => token.CanBeCanceled ? token : Cancellation;

    /// <summary>Makes this call chain a cell with <paramref name="output"/> and <paramref name="cancellation"/> until the scope is disposed.</summary>
    public static IDisposable Use(IExecutionOutput? output, CancellationToken cancellation)
    {
        var previous = current.Value;
        current.Value = new Scope(output, cancellation);
        return new Restore(previous);
    }

    /// <summary>Sends this call chain's output to <paramref name="output"/>, keeping the running cell's token (host code run for a cell).</summary>
    public static IDisposable Use(IExecutionOutput output) => Use(output, Cancellation);

    sealed record Scope(IExecutionOutput? Output, CancellationToken Cancellation);

    sealed class Restore(Scope? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}
