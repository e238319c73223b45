using LlmInteractive.Runtime;

namespace LlmInteractive.Tests.Runtime;

public class AmbientCancellationTests
{
    [Fact]
    public void An_explicit_token_wins_over_the_ambient_one()
    {
        using var ambient = new CancellationTokenSource();
        using var own = new CancellationTokenSource();
        using (HostStandIn.Running(ambient.Token))
        {
            Assert.Equal(own.Token, AmbientCancellation.Or(own.Token));
            Assert.Equal(ambient.Token, AmbientCancellation.Or(CancellationToken.None));
        }
    }

    [Fact]
    public void Outside_any_running_work_calls_without_a_token_cannot_be_cancelled()
    {
        Assert.False(AmbientCancellation.Or(CancellationToken.None).CanBeCanceled);
    }

    [Fact]
    public void Each_call_chain_sees_its_own_work_and_a_disconnected_source_is_not_asked()
    {
        var mine = new AsyncLocal<CancellationToken>();
        var asked = 0;
        using var work = new CancellationTokenSource();
        var connection = AmbientCancellation.Connect(() => { Interlocked.Increment(ref asked); return mine.Value; });
        try
        {
            mine.Value = work.Token;
            Assert.Equal(work.Token, AmbientCancellation.Current);
            // Another logical call chain (a thread started without this one's AsyncLocal values) sees no work.
            var elsewhere = CancellationToken.None;
            var thread = new Thread(() => elsewhere = AmbientCancellation.Current);
            thread.UnsafeStart();
            thread.Join();
            Assert.False(elsewhere.CanBeCanceled);
        }
        finally
        {
            connection.Dispose();
        }
        var before = Volatile.Read(ref asked);
        Assert.False(AmbientCancellation.Current.CanBeCanceled);
        Assert.Equal(before, Volatile.Read(ref asked));
    }
}
