namespace LlmInteractive.Runtime;

/// <summary>
/// The token a long-running lab call (training, generation, BPE training) uses when its caller passes none.
/// The lab knows no host: a host that has a notion of "the work running now" (a notebook kernel's running cell)
/// connects a source of that work's token here, so an interrupted cell stops a <c>trainer.Train(task)</c> that was
/// given no token. With no source connected, calls without a token cannot be cancelled.
/// </summary>
public static class AmbientCancellation
{
    static readonly object gate = new();
    static Func<CancellationToken>[] sources = [];

    /// <summary>
    /// Adds a source of the current work's token (typically one that reads an AsyncLocal, so each logical call chain
    /// sees its own). Several sources may be connected; the first that gives a cancellable token wins.
    /// Disposing the result disconnects it.
    /// </summary>
    public static IDisposable Connect(Func<CancellationToken> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (gate) sources = [.. sources, source];
        return new Connection(source);
    }

    /// <summary>The first cancellable token a connected source gives, else CancellationToken.None.</summary>
    public static CancellationToken Current
    {
        get
        {
            foreach (var source in Volatile.Read(ref sources))
            {
                var token = source();
                if (token.CanBeCanceled) return token;
            }
            return CancellationToken.None;
        }
    }

    /// <summary><paramref name="token"/> when it can be cancelled, else <see cref="Current"/>.</summary>
    public static CancellationToken Or(CancellationToken token) => token.CanBeCanceled ? token : Current;

    sealed class Connection(Func<CancellationToken> source) : IDisposable
    {
        public void Dispose()
        {
            lock (gate) sources = sources.Where(s => s != source).ToArray();
        }
    }
}
