using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// Round-to-nearest post-training quantization of one tensor. Every value inside the range a scale covers lands within
/// half a step (scale / 2) of its code's value: absmax covers [−max|w|, max|w|] exactly; zero-point's integer zero
/// point shifts its grid by at most half a step, so the range's ends are still within scale / 2 of the grid.
/// </summary>
public static class WeightQuantizer
{
    public static QuantizedTensor Quantize(Tensor weights, QuantizationScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(scheme);
        scheme.Validate();
        if (weights.numel() == 0) throw new ArgumentException("Cannot quantize an empty tensor.", nameof(weights));

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = weights.detach().to(ScalarType.Float32);
        var rows = scheme.Granularity == QuantizationGranularity.PerTensor || w.dim() < 2
            ? w.reshape(1, -1)
            : w.reshape(w.shape[0], -1);                                   // (rows, n): one row per output channel
        var (minCode, maxCode) = scheme.CodeRange;

        Tensor scales, zeroPoints;
        if (scheme.Symmetric)
        {
            scales = rows.abs().amax([1L], keepdim: true) / maxCode;            // (rows, 1)
            zeroPoints = zeros_like(scales);
        }
        else
        {
            // The range always contains 0 (as PyTorch's observers do), so zero is a code and the zero point lies in range.
            var low = rows.amin([1L], keepdim: true).clamp_max(0);
            var high = rows.amax([1L], keepdim: true).clamp_min(0);
            scales = (high - low) / (maxCode - minCode);
            zeroPoints = null!;
        }
        // An all-zero row has no range: any positive scale represents it exactly.
        scales = where(scales > 0, scales, ones_like(scales));
        if (!scheme.Symmetric) zeroPoints = (-rows.amin([1L], keepdim: true).clamp_max(0) / scales).round();
        var codes = ((rows / scales).round() + zeroPoints).clamp(minCode, maxCode).to(ScalarType.Int32);

        return new QuantizedTensor(scheme, weights.shape, codes.MoveToOuterDisposeScope(),
            scales.MoveToOuterDisposeScope(), zeroPoints.MoveToOuterDisposeScope());
    }
}
