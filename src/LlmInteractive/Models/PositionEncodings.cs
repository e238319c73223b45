using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>The position encoding a <see cref="PositionEncodingKind"/> names, shared by the GPT and BERT trunks.</summary>
public static class PositionEncodings
{
    /// <summary>A module mapping positions (T) to vectors (T, C).</summary>
    public static nn.Module<Tensor, Tensor> Create(PositionEncodingKind kind, int contextLength, int embeddingSize, double sinusoidAmplitude) =>
        kind == PositionEncodingKind.Learned
            ? new LearnedPositionEncoding(contextLength, embeddingSize)
            : new SinusoidalPositionEncoding(contextLength, embeddingSize, sinusoidAmplitude);

    /// <summary>Parameters of a learned table (a lookup, no matmul), which FLOP counts leave out as nanoGPT does; 0 otherwise.</summary>
    public static long LookupParameters(nn.Module<Tensor, Tensor> encoding) =>
        encoding is LearnedPositionEncoding learned ? learned.ParameterCount : 0;
}
