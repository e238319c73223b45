namespace LlmInteractive.Models;

/// <summary>Shape of a <see cref="Bert"/> encoder.</summary>
/// <param name="VocabularySize">Ids including the four special tokens: use <see cref="BertVocabulary.VocabSize"/>.</param>
/// <param name="ContextLength">Longest sequence, [CLS] and [SEP] included.</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Heads">Attention heads per block; must divide EmbeddingSize.</param>
/// <param name="EmbeddingSize">Width of the hidden states.</param>
/// <param name="Dropout">Dropout probability in training (BERT used 0.1).</param>
/// <param name="Positions">Learned table (BERT) or fixed sinusoids.</param>
/// <param name="Bias">Biases in Linear and LayerNorm layers.</param>
/// <param name="SinusoidAmplitude">Amplitude of fixed sinusoidal positions (ignored for learned ones); see <see cref="SinusoidalPositionEncoding"/>.</param>
public sealed record BertConfig(
    int VocabularySize,
    int ContextLength = 128,
    int Layers = 4,
    int Heads = 4,
    int EmbeddingSize = 128,
    double Dropout = 0.1,
    PositionEncodingKind Positions = PositionEncodingKind.Learned,
    bool Bias = true,
    double SinusoidAmplitude = SinusoidalPositionEncoding.DefaultAmplitude)
{
    /// <summary>Throws with the offending field and a fix when the shape is impossible.</summary>
    public void Validate()
    {
        ConfigChecks.Transformer(nameof(BertConfig), VocabularySize, ContextLength, Layers, Heads, EmbeddingSize, Dropout);
        ConfigChecks.SinusoidAmplitude(nameof(BertConfig), SinusoidAmplitude);
        ConfigChecks.Require(nameof(BertConfig), PositionEncodings.IsAddedToEmbeddings(Positions),
            $"Positions {Positions} are implemented for the causal Gpt only; use Learned or Sinusoidal for the encoder.");
        ConfigChecks.Require(nameof(BertConfig), VocabularySize > BertVocabulary.SpecialTokenCount,
            $"VocabularySize {VocabularySize} leaves no room for text tokens after the {BertVocabulary.SpecialTokenCount} special tokens; use BertVocabulary.VocabSize.");
        ConfigChecks.Require(nameof(BertConfig), ContextLength >= 3,
            $"ContextLength must be at least 3 ([CLS], one token, [SEP]); got {ContextLength}.");
    }
}
