using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Benchmarks;

/// <summary>Time and peak memory of one causal attention call on (1, h, T, d) queries, keys and values.</summary>
/// <param name="FusedSeconds">Best time of <c>scaled_dot_product_attention</c> (the fused kernel).</param>
/// <param name="ExplicitSeconds">Best time of softmax(mask(QKᵀ/√d))V written out, which materialises (h, T, T) scores.</param>
/// <param name="FusedPeakBytes">Resident memory the fused call added at its peak (0 where not measurable).</param>
/// <param name="ExplicitPeakBytes">The same for the explicit formula.</param>
public sealed record AttentionCostPoint(int Length, double FusedSeconds, double ExplicitSeconds, long FusedPeakBytes, long ExplicitPeakBytes)
{
    /// <summary>Bytes of one (h, T, T) float32 score matrix: what the explicit path must hold at least once.</summary>
    public static long ScoreMatrixBytes(int heads, int length) => 4L * heads * length * length;
}

/// <summary>The measured O(T²) of attention: the same causal attention through the fused kernel and written out.</summary>
public static class AttentionCost
{
    /// <summary>Softmax(QKᵀ/√d + causal mask)V, explicitly — the algebra the lab's attention-map path uses.</summary>
    public static Tensor Explicit(Tensor q, Tensor k, Tensor v)
    {
        using var scope = NewDisposeScope();
        var T = q.shape[^2];
        var scores = q.matmul(k.transpose(-2, -1)) * (1.0 / Math.Sqrt(q.shape[^1]));          // (…, T, T)
        var future = ones(T, T, ScalarType.Bool, q.device).triu(1);
        return scores.masked_fill(future, double.NegativeInfinity).softmax(-1).matmul(v).MoveToOuterDisposeScope();
    }

    /// <summary>The fused kernel with causality built in.</summary>
    public static Tensor Fused(Tensor q, Tensor k, Tensor v) => nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);

    /// <summary>Measures both paths at sequence length <paramref name="length"/>: best of <paramref name="repeats"/>
    /// timed calls after a warm-up, then the median of three calls each under <see cref="PeakResidentMemory"/> (CPU only).</summary>
    public static AttentionCostPoint Measure(int length, int heads = 4, int headSize = 32, int repeats = 3, Device? device = null, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        device ??= CPU;
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var q = randn([1, heads, length, headSize], generator: generator).to(device);
        var k = randn([1, heads, length, headSize], generator: generator).to(device);
        var v = randn([1, heads, length, headSize], generator: generator).to(device);
        using var noGrad = no_grad();

        double Best(Func<Tensor, Tensor, Tensor, Tensor> attention)
        {
            using (var warm = attention(q, k, v)) _ = warm[0, 0, 0, 0].item<float>();
            var best = double.MaxValue;
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                using var y = attention(q, k, v);
                _ = y[0, 0, 0, 0].item<float>();   // waits for the device, if any
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            return best;
        }

        // The high-water mark is the whole process's: memory another thread frees or takes meanwhile (the GC, the JIT,
        // the kernel's sockets) moves one reading, so the median of three is kept.
        long Peak(Func<Tensor, Tensor, Tensor, Tensor> attention) =>
            device.type == DeviceType.CPU && PeakResidentMemory.IsAvailable
                ? Enumerable.Range(0, 3).Select(_ => PeakResidentMemory.BytesDuring(() => { using var y = attention(q, k, v); })).Order().ElementAt(1)
                : 0;

        return new AttentionCostPoint(length, Best(Fused), Best(Explicit), Peak(Fused), Peak(Explicit));
    }

    /// <summary>The exponent b of a least-squares fit y ≈ a·xᵇ on log–log axes.</summary>
    public static double LogLogSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException("Give at least two (x, y) pairs of equal count.");
        if (x.Concat(y).Any(value => !(value > 0))) throw new ArgumentException("A log–log fit needs positive x and y.");
        var lx = x.Select(value => Math.Log(value)).ToArray();
        var ly = y.Select(value => Math.Log(value)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        var sxx = lx.Sum(a => (a - mx) * (a - mx));
        var sxy = lx.Zip(ly).Sum(p => (p.First - mx) * (p.Second - my));
        return sxy / sxx;
    }
}
