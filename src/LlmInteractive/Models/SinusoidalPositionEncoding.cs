using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Fixed encodings PE[pos, 2i] = a·sin(pos / 10000^(2i/C)), PE[pos, 2i+1] = a·cos(pos / 10000^(2i/C)): positions (T) → (T, C).
/// Nearby positions get similar vectors and a fixed offset is a rotation, which attention can learn to read.
/// </summary>
/// <remarks>
/// The amplitude a matters. Vaswani et al. use a = 1 beside token embeddings scaled to unit variance (×√C); the lab's
/// token embeddings start at N(0, 0.02), where unit sinusoids swamp token identity: a GPT of notebook 02's size trained
/// with a = 1 ended at 3.06 nats/char (unigram level), learned positions at 2.20. Measured at that size and budget:
/// a = 0.028 (the paper's position-to-token ratio) 2.32, a = 0.05 2.25, a = 0.1 2.24 and 2.25 (two seeds), a = 0.2 2.41,
/// a = 0.4 2.82. Hence the default 0.1: positions a little louder than tokens at initialisation, as learned tables end up.
/// </remarks>
public sealed class SinusoidalPositionEncoding : nn.Module<Tensor, Tensor>
{
    /// <summary>The amplitude a that trains as well as learned positions beside N(0, 0.02) token embeddings.</summary>
    public const double DefaultAmplitude = 0.1;

    // A buffer, not a parameter: moves with the model to a device, never trained.
    readonly Tensor table;

    public SinusoidalPositionEncoding(int contextLength, int embeddingSize, double amplitude = DefaultAmplitude)
        : base(nameof(SinusoidalPositionEncoding))
    {
        if (!(amplitude > 0) || !double.IsFinite(amplitude))
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude,
                $"The sinusoid amplitude must be a positive finite number; {DefaultAmplitude} suits N(0, 0.02) token embeddings.");
        Amplitude = amplitude;
        table = Table(contextLength, embeddingSize, amplitude).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>The encodings (length, C) of positions 0 … length − 1: the formula is defined at every position,
    /// which is what lets a model with these positions run past the length it was built for.</summary>
    public static Tensor Table(long length, int embeddingSize, double amplitude = DefaultAmplitude)
    {
        using var scope = NewDisposeScope();
        var position = arange(length, dtype: ScalarType.Float32).unsqueeze(1);                          // (T, 1)
        var frequency = exp(arange(0, embeddingSize, 2, dtype: ScalarType.Float32)
                            * (-Math.Log(10000.0) / embeddingSize));                                   // (ceil(C/2))
        var angles = position * frequency;                                                              // (T, ceil(C/2))
        var encoding = zeros(length, embeddingSize);
        encoding[TensorIndex.Colon, TensorIndex.Slice(0, null, 2)] = sin(angles);
        // With odd C there is one fewer cosine column than sine columns.
        encoding[TensorIndex.Colon, TensorIndex.Slice(1, null, 2)] = cos(angles[TensorIndex.Colon, TensorIndex.Slice(0, embeddingSize / 2)]);
        return (encoding * amplitude).MoveToOuterDisposeScope();
    }

    /// <summary>Rows of the table kept for the built length.</summary>
    public long Length => table.shape[0];

    /// <summary>The sinusoids' amplitude a.</summary>
    public double Amplitude { get; }

    public override Tensor forward(Tensor positions) => table.index_select(0, positions); // (T, C)

    /// <summary>Encodings of positions 0 … length − 1 (length, C), computed past the stored table when needed.</summary>
    public Tensor First(long length) => length <= Length
        ? table[TensorIndex.Slice(0, length)]
        : Table(length, (int)table.shape[1], Amplitude).to(table.device);
}
