using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Rotary position embedding (RoPE, Su et al. 2021). The head dimensions are split into pairs (i, i + d/2); pair i at
/// position p is rotated by the angle p·θ_i with θ_i = base^(−2i/d). A rotation R_p satisfies (R_m q)·(R_n k) =
/// q·(R_(n−m) k), so the attention score of a query and a key depends on their contents and their offset only — not
/// on where in the sequence they sit. That is what lets it run past the training length (how well is a measurement).
/// </summary>
public static class RotaryPositionEncoding
{
    /// <summary>The base of the geometric frequencies (Su et al.; LLaMA).</summary>
    public const double DefaultBase = 10000.0;

    /// <summary>Rotates <paramref name="x"/> (…, T, d), d even, by its positions (T) int64.</summary>
    public static Tensor Rotate(Tensor x, Tensor positions, double frequencyBase = DefaultBase)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(positions);
        var d = x.shape[^1];
        if (d % 2 != 0)
            throw new ArgumentException(
                $"Rotary positions rotate pairs of dimensions, so the head size must be even (got {d}). " +
                "Choose EmbeddingSize / Heads even, e.g. EmbeddingSize 64 with Heads 4.", nameof(x));
        if (positions.dim() != 1 || positions.shape[0] != x.shape[^2])
            throw new ArgumentException(
                $"Give one position per row: x has {x.shape[^2]} positions, positions has shape [{string.Join(", ", positions.shape)}].",
                nameof(positions));
        using var scope = NewDisposeScope();
        var half = d / 2;
        var frequency = exp(arange(half, dtype: ScalarType.Float32, device: x.device) * (-2.0 * Math.Log(frequencyBase) / d)); // (d/2)
        var angles = positions.to(ScalarType.Float32).unsqueeze(1) * frequency.unsqueeze(0);                  // (T, d/2)
        var cos = angles.cos().repeat(1, 2).to(x.dtype);                                                         // (T, d)
        var sin = angles.sin().repeat(1, 2).to(x.dtype);                                                         // (T, d)
        var first = x[TensorIndex.Ellipsis, TensorIndex.Slice(0, half)];
        var second = x[TensorIndex.Ellipsis, TensorIndex.Slice(half, null)];
        var rotatedHalf = cat([-second, first], -1);                                                            // (…, T, d)
        return (x * cos + rotatedHalf * sin).MoveToOuterDisposeScope();
    }
}
