using System.Diagnostics;
using System.Globalization;
using LlmInteractive.Kernel.Core;

namespace LlmInteractive.Kernel.Tests.Protocol;

public sealed class ParentProcessWatchTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("not a pid")]
    public void Without_a_usable_JPY_PARENT_PID_nothing_is_watched(string? value)
    {
        using var watch = ParentProcessWatch.Start(TimeSpan.FromMilliseconds(10), environment: _ => value);
        Assert.Null(watch.ParentPid);
        Thread.Sleep(50);
        Assert.False(watch.ParentGone.IsCancellationRequested);
    }

    [Fact]
    public void A_parent_that_is_not_our_own_is_probed_and_its_death_seen()
    {
        // A launcher in between (the watched pid is not our parent): the pid itself is probed.
        using var parent = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var gone = 0;
        using var watch = ParentProcessWatch.Start(TimeSpan.FromMilliseconds(20), () => Interlocked.Increment(ref gone),
            name => name == ParentProcessWatch.Variable ? parent.Id.ToString(CultureInfo.InvariantCulture) : null);
        Assert.Equal(parent.Id, watch.ParentPid);
        Thread.Sleep(200);
        Assert.False(watch.ParentGone.IsCancellationRequested);

        parent.Kill();
        Assert.True(watch.ParentGone.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the parent's death was not noticed");
        Assert.Equal(1, Volatile.Read(ref gone));
    }
}
