namespace LlmInteractive.Models;

/// <summary>Shape of a <see cref="Gpt"/>, as nanoGPT's GPTConfig.</summary>
/// <param name="VocabularySize">Number of token ids (the tokenizer's VocabSize).</param>
/// <param name="ContextLength">Longest training sequence (block_size); with positions other than Learned, evaluation may go longer.</param>
/// <param name="Layers">Transformer blocks (n_layer).</param>
/// <param name="Heads">Attention heads per block (n_head); must divide EmbeddingSize.</param>
/// <param name="EmbeddingSize">Width of the residual stream (n_embd).</param>
/// <param name="Dropout">Dropout probability in training (0 for small-data or evaluation runs).</param>
/// <param name="Positions">Learned table (GPT-2), fixed sinusoids, rotary (RoPE) or linear attention biases (ALiBi).</param>
/// <param name="TieWeights">Use the token embedding as the output projection (saves V·C parameters).</param>
/// <param name="Bias">Biases in Linear and LayerNorm layers (GPT-2: true; slightly better and faster without).</param>
/// <param name="SinusoidAmplitude">Amplitude of fixed sinusoidal positions (ignored for learned ones); see <see cref="SinusoidalPositionEncoding"/>.</param>
/// <param name="AttentionOnly">Blocks without the MLP: the attention-only transformers of Elhage et al. (2021), whose
/// behaviour is made of attention heads alone (induction-heads notebook).</param>
public sealed record GptConfig(
    int VocabularySize,
    int ContextLength = 256,
    int Layers = 4,
    int Heads = 4,
    int EmbeddingSize = 128,
    double Dropout = 0.0,
    PositionEncodingKind Positions = PositionEncodingKind.Learned,
    bool TieWeights = true,
    bool Bias = true,
    double SinusoidAmplitude = SinusoidalPositionEncoding.DefaultAmplitude,
    bool AttentionOnly = false)
{
    /// <summary>Throws with the offending field and a fix when the shape is impossible.</summary>
    public void Validate()
    {
        ConfigChecks.Transformer(nameof(GptConfig), VocabularySize, ContextLength, Layers, Heads, EmbeddingSize, Dropout);
        ConfigChecks.SinusoidAmplitude(nameof(GptConfig), SinusoidAmplitude);
        ConfigChecks.Require(nameof(GptConfig), Positions != PositionEncodingKind.Rope || EmbeddingSize / Heads % 2 == 0,
            $"Rope rotates pairs of dimensions, so the head size EmbeddingSize / Heads must be even (got {EmbeddingSize}/{Heads}).");
    }
}
