using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Fixed encodings PE[pos, 2i] = sin(pos / 10000^(2i/C)), PE[pos, 2i+1] = cos(pos / 10000^(2i/C)): positions (T) → (T, C).
/// Nearby positions get similar vectors and a fixed offset is a rotation, which attention can learn to read.
/// </summary>
public sealed class SinusoidalPositionEncoding : nn.Module<Tensor, Tensor>
{
    // A buffer, not a parameter: moves with the model to a device, never trained.
    readonly Tensor table;

    public SinusoidalPositionEncoding(int contextLength, int embeddingSize) : base(nameof(SinusoidalPositionEncoding))
    {
        var position = arange(contextLength, dtype: ScalarType.Float32).unsqueeze(1);                  // (T, 1)
        var frequency = exp(arange(0, embeddingSize, 2, dtype: ScalarType.Float32)
                            * (-Math.Log(10000.0) / embeddingSize));                                   // (ceil(C/2))
        var angles = position * frequency;                                                              // (T, ceil(C/2))
        var encoding = zeros(contextLength, embeddingSize);
        encoding[TensorIndex.Colon, TensorIndex.Slice(0, null, 2)] = sin(angles);
        // With odd C there is one fewer cosine column than sine columns.
        encoding[TensorIndex.Colon, TensorIndex.Slice(1, null, 2)] = cos(angles[TensorIndex.Colon, TensorIndex.Slice(0, embeddingSize / 2)]);
        table = encoding.DetachFromDisposeScope();
        RegisterComponents();
    }

    public override Tensor forward(Tensor positions) => table.index_select(0, positions); // (T, C)
}
