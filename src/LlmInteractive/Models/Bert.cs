using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Encoder-only transformer trained as a masked language model (Devlin et al. 2019): every position sees the whole
/// sequence (padding excepted), and the head predicts the original token at [MASK]ed positions. Built from the same
/// pre-LayerNorm blocks as <see cref="Gpt"/>, bidirectional; no segment embeddings (no next-sentence task, as RoBERTa).
/// </summary>
public sealed class Bert : nn.Module<Tensor, Tensor>, ILanguageModel
{
    /// <summary>Label value for positions the loss ignores (not masked).</summary>
    public const long IgnoreIndex = Data.MaskedLanguageModeling.IgnoreIndex;

    readonly Embedding wte;
    readonly nn.Module<Tensor, Tensor> wpe;
    readonly nn.Module<Tensor, Tensor> drop;
    readonly ModuleList<TransformerBlock> h;
    readonly LayerNorm ln_f;
    // MLM head as BERT's: dense + GELU + LayerNorm, then the token embedding (tied) plus a per-token bias.
    nn.Module<Tensor, Tensor> mlm_dense;
    readonly LayerNorm mlm_ln;
    readonly Parameter mlm_bias;

    public Bert(BertConfig config) : base(nameof(Bert))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;

        wte = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        Initialization.Normal(wte);
        wpe = PositionEncodings.Create(config.Positions, config.ContextLength, config.EmbeddingSize, config.SinusoidAmplitude);
        drop = nn.Dropout(config.Dropout);
        h = TransformerBlock.Stack(config.Layers, config.EmbeddingSize, config.Heads, config.Dropout, config.Bias, causal: false);
        ln_f = nn.LayerNorm(config.EmbeddingSize, bias: config.Bias);
        var dense = nn.Linear(config.EmbeddingSize, config.EmbeddingSize);
        Initialization.Normal(dense);
        mlm_dense = dense;
        mlm_ln = nn.LayerNorm(config.EmbeddingSize);
        mlm_bias = nn.Parameter(zeros(config.VocabularySize));
        RegisterComponents();
    }

    public BertConfig Config { get; }

    public nn.Module Module => this;
    public int VocabularySize => Config.VocabularySize;
    public int ContextLength => Config.ContextLength;
    public bool IsCausal => false;
    public int EmbeddingSize => Config.EmbeddingSize;

    public long ParameterCount => ModelSize.Parameters(this);

    public double FlopsPerToken => ModelSize.FlopsPerToken(
        ParameterCount - PositionEncodings.LookupParameters(wpe),
        Config.Layers, Config.ContextLength, Config.EmbeddingSize);

    /// <summary>MLM logits (B, T, V); [PAD] (id 0) keys are masked out.</summary>
    public override Tensor forward(Tensor ids) => Logits(ids);

    public Tensor Logits(Tensor ids) => Logits(ids, null);

    /// <summary>MLM logits (B, T, V). <paramref name="attentionMask"/> (B, T) bool, true at real tokens; null derives it from [PAD].</summary>
    public Tensor Logits(Tensor ids, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        var (hidden, _) = Run(ids, attentionMask, returnWeights: false);
        return Head(hidden).MoveToOuterDisposeScope();
    }

    public (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttention(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var (hidden, attention) = Run(ids, null, returnWeights: true);
        foreach (var weights in attention) weights.MoveToOuterDisposeScope();
        return (Head(hidden).MoveToOuterDisposeScope(), attention);
    }

    /// <summary>Final hidden states (B, T, C): what a classifier reads (position 0 is [CLS]).</summary>
    public Tensor Hidden(Tensor ids, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        return Run(ids, attentionMask, returnWeights: false).Hidden.MoveToOuterDisposeScope();
    }

    /// <summary>Cross-entropy over the positions whose label is not <see cref="IgnoreIndex"/> (the masked ones).</summary>
    public Tensor Loss(Tensor ids, Tensor labels, Tensor? attentionMask = null)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(ids, attentionMask);                                          // (B, T, V)
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), labels.reshape(-1), ignore_index: IgnoreIndex)
            .MoveToOuterDisposeScope();
    }

    (Tensor Hidden, List<Tensor> Attention) Run(Tensor ids, Tensor? attentionMask, bool returnWeights)
    {
        TokenIdChecks.Check(ids, Config.VocabularySize, Config.ContextLength, "BERT");
        var mask = attentionMask ?? ids.ne(BertVocabulary.Pad);                          // (B, T) bool
        if (!mask.shape.SequenceEqual(ids.shape))
            throw new ArgumentException(
                $"The attention mask has shape [{string.Join(", ", mask.shape)}] but the ids have [{string.Join(", ", ids.shape)}]; " +
                "pass the mask BertVocabulary.EncodeBatch returned with the ids.", nameof(attentionMask));
        var positions = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device); // (T)
        var x = drop.forward(wte.forward(ids) + wpe.forward(positions));                  // (B, T, C)
        var attention = new List<Tensor>();
        foreach (var block in h)
        {
            (x, var weights) = block.forward(x, mask, returnWeights);                     // (B, T, C); (B, nh, T, T)
            if (weights is not null) attention.Add(weights);
        }
        return (ln_f.forward(x), attention);                                               // (B, T, C)
    }

    Tensor Head(Tensor hidden)                                                             // (B, T, C) → (B, T, V)
    {
        var transformed = mlm_ln.forward(nn.functional.gelu(mlm_dense.forward(hidden)));   // (B, T, C)
        return nn.functional.linear(transformed, wte.weight!, mlm_bias);                   // (B, T, V), tied
    }
}
