using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Benchmarks;

/// <summary>The machine's practical fp32 peak: the best rate of a large square torch.mm, the denominator of MFU.</summary>
public static class MatmulPeak
{
    public static double Gflops(int size = 1024, int repeats = 5, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var a = randn(size, size, device: device);
        var b = randn(size, size, device: device);
        mm(a, b).cpu().Dispose();   // warm-up: thread pool and packing buffers
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using var product = mm(a, b);
            _ = product[0, 0].item<float>();   // wait for the device, if any
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return 2.0 * size * size * (double)size / best / 1e9;
    }
}
