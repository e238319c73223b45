using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// BERT's input layer as Hugging Face's BertEmbeddings: word + learned position + token-type vectors, summed, then
/// LayerNorm and dropout. Field names are the state-dict names (<c>embeddings.word_embeddings.weight</c>, ...).
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Embedding word_embeddings;
    readonly Embedding position_embeddings;
    readonly Embedding token_type_embeddings;
    readonly LayerNorm LayerNorm; // capitalised as the Hugging Face parameter name
    readonly nn.Module<Tensor, Tensor> dropout;

    public BertEmbeddings(PostLayerNormBertConfig config) : base(nameof(BertEmbeddings))
    {
        ArgumentNullException.ThrowIfNull(config);
        word_embeddings = nn.Embedding(config.VocabularySize, config.HiddenSize);
        position_embeddings = nn.Embedding(config.MaxPositions, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TokenTypes, config.HiddenSize);
        foreach (var table in new[] { word_embeddings, position_embeddings, token_type_embeddings })
            nn.init.normal_(table.weight!, 0.0, 0.02); // BERT's initializer_range
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEpsilon);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>Parameters of the three lookup tables (no matmul FLOPs).</summary>
    public long LookupParameters =>
        word_embeddings.weight!.numel() + position_embeddings.weight!.numel() + token_type_embeddings.weight!.numel();

    /// <param name="ids">(B, T) int64 WordPiece ids.</param>
    /// <param name="tokenTypes">(B, T) int64 segment ids.</param>
    /// <returns>(B, T, C).</returns>
    public override Tensor forward(Tensor ids, Tensor tokenTypes)
    {
        using var positions = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device); // (T)
        var summed = word_embeddings.forward(ids) + token_type_embeddings.forward(tokenTypes) + position_embeddings.forward(positions);
        return dropout.forward(LayerNorm.forward(summed));                                          // (B, T, C)
    }
}
