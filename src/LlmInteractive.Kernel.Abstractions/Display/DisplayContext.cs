using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// Where displays go: the output of the cell running on this logical call chain (set by the interpreter for
/// each cell, flows into tasks the cell starts). Library code (live training progress) displays through it.
/// </summary>
public static class DisplayContext
{
    static readonly AsyncLocal<IExecutionOutput?> current = new();
    static Func<IExecutionOutput?>? fallback;

    /// <summary>The running cell's output, or null outside a cell.</summary>
    public static IExecutionOutput? Current => current.Value ?? fallback?.Invoke();

    /// <summary>
    /// For hosts that do not run cells through <see cref="Use"/> (an extension loaded into another kernel): where
    /// displays go when no output was set on this call chain, e.g. that host's own notion of the running cell.
    /// </summary>
    public static void ConnectFallback(Func<IExecutionOutput?> output) => fallback = output;

    /// <summary>Routes displays to <paramref name="output"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(IExecutionOutput output)
    {
        var previous = current.Value;
        current.Value = output;
        return new Restore(() => current.Value = previous);
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
