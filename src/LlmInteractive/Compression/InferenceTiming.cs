using System.Diagnostics;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>Wall-clock time of a forward pass: the median of several runs after warm-up, gradients off.</summary>
public static class InferenceTiming
{
    public static double MedianMilliseconds(Action forward, int repeats = 7, int warmup = 2)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        using var _ = no_grad();
        for (int i = 0; i < warmup; i++) forward();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            forward();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
