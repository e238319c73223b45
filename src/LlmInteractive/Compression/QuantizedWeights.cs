using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// Fake (simulated) quantization of a model: <c>using (QuantizedWeights.Apply(model, scheme)) { ... }</c> replaces
/// every compressible weight by its quantize → dequantize round trip, in place, and puts the float32 originals back on
/// dispose. The model then computes exactly what an integer model would store, but in float32: it measures the
/// accuracy cost of the codes, not a speed-up (that needs integer kernels).
/// </summary>
public sealed class QuantizedWeights : IDisposable
{
    readonly WeightBackup originals = new();

    QuantizedWeights(QuantizationScheme scheme) => Scheme = scheme;

    public QuantizationScheme Scheme { get; }

    /// <summary>Weights that were quantized.</summary>
    public long QuantizedElements { get; private set; }

    /// <summary>Bytes of the quantized weights (packed codes, scales, zero points).</summary>
    public long QuantizedBytes { get; private set; }

    /// <summary>Bytes of the whole model: the quantized weights plus every other parameter at float32.</summary>
    public long ModelBytes { get; private set; }

    /// <summary>Stored bits per quantized weight, overhead of scales and zero points included.</summary>
    public double BitsPerWeight => 8.0 * QuantizedBytes / QuantizedElements;

    /// <summary>Largest |w − dequantized w| over all quantized weights.</summary>
    public double MaxAbsoluteError { get; private set; }

    /// <summary>Mean |w − dequantized w| over all quantized weights.</summary>
    public double MeanAbsoluteError { get; private set; }

    /// <param name="includeEmbeddings">Quantize Embedding tables too (the token table is the largest matrix of a small model).</param>
    public static QuantizedWeights Apply(nn.Module model, QuantizationScheme scheme, bool includeEmbeddings = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scheme);
        var weights = CompressibleWeights.Find(model, includeEmbeddings);
        var applied = new QuantizedWeights(scheme);
        double errorSum = 0;
        using var _ = no_grad();
        foreach (var weight in weights)
        {
            using var scope = NewDisposeScope();
            using var quantized = WeightQuantizer.Quantize(weight.Parameter, scheme);
            var restored = quantized.Dequantize().to(weight.Parameter.dtype).to(weight.Parameter.device);
            var error = (restored - weight.Parameter).abs();
            errorSum += error.sum().to(ScalarType.Float64).item<double>();
            applied.MaxAbsoluteError = Math.Max(applied.MaxAbsoluteError, error.max().to(ScalarType.Float64).item<double>());
            applied.originals.Save(weight.Parameter);
            weight.Parameter.copy_(restored);
            applied.QuantizedElements += quantized.ElementCount;
            applied.QuantizedBytes += quantized.StorageBytes;
        }
        applied.MeanAbsoluteError = errorSum / applied.QuantizedElements;
        applied.ModelBytes = CompressibleWeights.Float32Bytes(model) - 4 * applied.QuantizedElements + applied.QuantizedBytes;
        return applied;
    }

    /// <summary>Puts the float32 weights back.</summary>
    public void Dispose() => originals.Restore();
}
