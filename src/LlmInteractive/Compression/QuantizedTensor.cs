using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// Integer codes of a weight tensor with their scales and zero points: value ≈ (code − zero point) · scale.
/// Rows of <see cref="Codes"/> are the tensor's channels (dim 0) for per-channel schemes, a single row for per-tensor.
/// The codes are held in int32 for simplicity; <see cref="StorageBytes"/> counts them packed at the scheme's width.
/// </summary>
public sealed class QuantizedTensor : IDisposable
{
    internal QuantizedTensor(QuantizationScheme scheme, long[] shape, Tensor codes, Tensor scales, Tensor zeroPoints)
    {
        Scheme = scheme;
        Shape = shape;
        Codes = codes;
        Scales = scales;
        ZeroPoints = zeroPoints;
    }

    public QuantizationScheme Scheme { get; }

    /// <summary>Shape of the original tensor.</summary>
    public long[] Shape { get; }

    /// <summary>(rows, n) integer codes, int32.</summary>
    public Tensor Codes { get; }

    /// <summary>(rows, 1) step between neighbouring codes, float32.</summary>
    public Tensor Scales { get; }

    /// <summary>(rows, 1) the code that stands for 0 (all zeros for absmax), float32 holding integers.</summary>
    public Tensor ZeroPoints { get; }

    public long ElementCount => Codes.numel();

    /// <summary>
    /// Bytes to store this tensor: the codes packed at <see cref="QuantizationScheme.Bits"/> each, a float32 scale per
    /// row and, for zero-point schemes, a 4-byte zero point per row (what per-channel pays for its accuracy).
    /// </summary>
    public long StorageBytes
    {
        get
        {
            var rows = Scales.numel();
            return (ElementCount * Scheme.Bits + 7) / 8 + rows * 4 + (Scheme.Symmetric ? 0 : rows * 4);
        }
    }

    /// <summary>Back to float32 values of the original shape: (code − zero point) · scale.</summary>
    public Tensor Dequantize()
    {
        using var scope = NewDisposeScope();
        var values = (Codes.to(ScalarType.Float32) - ZeroPoints) * Scales;   // (rows, n)
        return values.reshape(Shape).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Codes.Dispose();
        Scales.Dispose();
        ZeroPoints.Dispose();
    }
}
