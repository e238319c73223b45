using LlmInteractive.Runtime;

namespace LlmInteractive.Tests.Runtime;

/// <summary>
/// What a host does for the lab, without any host: a "running work" token per logical call chain, connected once to
/// <see cref="AmbientCancellation"/> (the LLM extension connects a kernel cell's token the same way).
/// </summary>
public static class HostStandIn
{
    static readonly AsyncLocal<CancellationToken> running = new();

    static HostStandIn() => AmbientCancellation.Connect(() => running.Value);

    /// <summary>Runs the code until the scope is disposed as work whose token is <paramref name="token"/>.</summary>
    public static IDisposable Running(CancellationToken token)
    {
        var previous = running.Value;
        running.Value = token;
        return new Scope(() => running.Value = previous);
    }

    sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
