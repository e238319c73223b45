namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// The cancellation token of the cell running on this logical call chain: it fires when the user interrupts the
/// kernel. Long-running library calls use it when the caller passes no token of their own.
/// </summary>
public static class CellCancellation
{
    static readonly AsyncLocal<CancellationToken> current = new();

    /// <summary>The running cell's token, or CancellationToken.None outside a cell.</summary>
    public static CancellationToken Current => current.Value;

    /// <summary>Sets the token for the code run until the returned scope is disposed (the interpreter does this per cell).</summary>
    public static IDisposable Use(CancellationToken token)
    {
        var previous = current.Value;
        current.Value = token;
        return new Restore(() => current.Value = previous);
    }

    /// <summary><paramref name="token"/> when it can be cancelled, else the running cell's.</summary>
    public static CancellationToken Or(CancellationToken token) => token.CanBeCanceled ? token : Current;

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
