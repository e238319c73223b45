using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Attention with linear biases (ALiBi, Press et al. 2022): head h adds −m_h·(i − j) to the score of query i on key j,
/// a penalty growing with distance, and the model gets no position embedding. For n heads (a power of two) the slopes
/// are the geometric sequence m_h = 2^(−8h/n), h = 1…n: 1/2, 1/4, …, 1/256 for 8 heads. Other head counts take the
/// slopes of the nearest lower power of two and fill up with every other slope of the next one, as the paper's code.
/// </summary>
public static class AlibiBias
{
    /// <summary>The slopes m_1 … m_n of <paramref name="heads"/> heads, steepest first.</summary>
    public static double[] Slopes(int heads)
    {
        if (heads < 1) throw new ArgumentOutOfRangeException(nameof(heads), heads, "ALiBi needs at least one head.");
        static double[] PowerOfTwo(int n) => [.. Enumerable.Range(1, n).Select(h => Math.Pow(2, -8.0 * h / n))];
        var lower = 1 << (int)Math.Floor(Math.Log2(heads));
        if (lower == heads) return PowerOfTwo(heads);
        var extra = PowerOfTwo(2 * lower).Where((_, i) => i % 2 == 0).Take(heads - lower);
        return [.. PowerOfTwo(lower), .. extra];
    }

    /// <summary>
    /// The additive attention bias (1, nh, T, T) of a causal model: −m_h·(i − j) for keys j ≤ i, −∞ for later keys, so
    /// it is also the causal mask and goes to the fused kernel as a float mask.
    /// </summary>
    public static Tensor CausalBias(int heads, long length, Device device, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        var slopes = tensor(Slopes(heads), ScalarType.Float32, device).view(1, heads, 1, 1);          // (1, nh, 1, 1)
        var position = arange(length, dtype: ScalarType.Float32, device: device);
        var distance = position.unsqueeze(1) - position.unsqueeze(0);                                  // (T, T): i − j
        var bias = (-slopes * distance.view(1, 1, length, length))
            .masked_fill((distance < 0).view(1, 1, length, length), double.NegativeInfinity);         // (1, nh, T, T)
        return bias.to(dtype).MoveToOuterDisposeScope();
    }
}
