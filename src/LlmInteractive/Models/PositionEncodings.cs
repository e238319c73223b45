using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>The position encoding a <see cref="PositionEncodingKind"/> names, shared by the GPT and BERT trunks.</summary>
public static class PositionEncodings
{
    /// <summary>True for kinds added to the token embeddings (learned, sinusoidal); RoPE and ALiBi act inside attention.</summary>
    public static bool IsAddedToEmbeddings(PositionEncodingKind kind) =>
        kind is PositionEncodingKind.Learned or PositionEncodingKind.Sinusoidal;

    /// <summary>
    /// True for kinds defined at every position, so a model can be run on sequences longer than it was trained on
    /// (whether it then predicts well is an experiment: notebook 10). A learned table has no row past its length.
    /// </summary>
    public static bool RunsPastTrainingLength(PositionEncodingKind kind) => kind != PositionEncodingKind.Learned;

    /// <summary>A module mapping positions (T) to vectors (T, C), for the kinds added to the embeddings.</summary>
    public static nn.Module<Tensor, Tensor> Create(PositionEncodingKind kind, int contextLength, int embeddingSize, double sinusoidAmplitude) =>
        kind switch
        {
            PositionEncodingKind.Learned => new LearnedPositionEncoding(contextLength, embeddingSize),
            PositionEncodingKind.Sinusoidal => new SinusoidalPositionEncoding(contextLength, embeddingSize, sinusoidAmplitude),
            _ => throw new ArgumentException(
                $"{kind} positions are applied inside attention, not added to the embeddings; there is no table to create. " +
                "Build the attention with MultiHeadAttention(…, positions: kind) (a Gpt does this itself).", nameof(kind)),
        };

    /// <summary>Parameters of a learned table (a lookup, no matmul), which FLOP counts leave out as nanoGPT does; 0 otherwise.</summary>
    public static long LookupParameters(nn.Module<Tensor, Tensor>? encoding) =>
        encoding is LearnedPositionEncoding learned ? learned.ParameterCount : 0;
}
