namespace LlmInteractive.Models;

/// <summary>
/// Shape of a <see cref="PostLayerNormBert"/>, the fields of Hugging Face's BertConfig. The defaults are
/// all-MiniLM-L6-v2's: 6 layers, 12 heads, d=384, feed-forward 1536, 512 learned positions, 2 token types,
/// the uncased WordPiece vocabulary of 30,522.
/// </summary>
/// <param name="VocabularySize">WordPiece ids (vocab_size).</param>
/// <param name="MaxPositions">Learned position vectors, the longest sequence (max_position_embeddings).</param>
/// <param name="TokenTypes">Segment ids, 0 for the first text and 1 for the second of a pair (type_vocab_size).</param>
/// <param name="Layers">Encoder layers (num_hidden_layers).</param>
/// <param name="Heads">Attention heads per layer (num_attention_heads); must divide HiddenSize.</param>
/// <param name="HiddenSize">Width of the hidden states (hidden_size).</param>
/// <param name="IntermediateSize">Width of the feed-forward layer (intermediate_size).</param>
/// <param name="LayerNormEpsilon">layer_norm_eps.</param>
/// <param name="Dropout">Dropout on embeddings, sublayer outputs and attention weights in training (hidden_dropout_prob).</param>
/// <param name="PadId">The [PAD] id: with no attention mask given, keys with this id are masked out.</param>
public sealed record PostLayerNormBertConfig(
    int VocabularySize = 30_522,
    int MaxPositions = 512,
    int TokenTypes = 2,
    int Layers = 6,
    int Heads = 12,
    int HiddenSize = 384,
    int IntermediateSize = 1536,
    double LayerNormEpsilon = 1e-12,
    double Dropout = 0.1,
    int PadId = 0)
{
    /// <summary>sentence-transformers' all-MiniLM-L6-v2 (the defaults).</summary>
    public static PostLayerNormBertConfig MiniLmL6 { get; } = new();

    /// <summary>Throws with the offending field and a fix when the shape is impossible.</summary>
    public void Validate()
    {
        ConfigChecks.Transformer(nameof(PostLayerNormBertConfig), VocabularySize, MaxPositions, Layers, Heads, HiddenSize, Dropout);
        ConfigChecks.Require(nameof(PostLayerNormBertConfig), TokenTypes > 0, $"TokenTypes must be positive (got {TokenTypes}).");
        ConfigChecks.Require(nameof(PostLayerNormBertConfig), IntermediateSize > 0, $"IntermediateSize must be positive (got {IntermediateSize}).");
        ConfigChecks.Require(nameof(PostLayerNormBertConfig), LayerNormEpsilon > 0, $"LayerNormEpsilon must be positive (got {LayerNormEpsilon}).");
        ConfigChecks.Require(nameof(PostLayerNormBertConfig), PadId >= 0 && PadId < VocabularySize,
            $"PadId {PadId} is outside the vocabulary [0, {VocabularySize}).");
    }
}
