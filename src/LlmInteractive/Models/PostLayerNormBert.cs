using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// A BERT encoder laid out as Hugging Face's BertModel — <c>embeddings</c>, <c>encoder.layer.N</c> of post-LayerNorm
/// <see cref="BertLayer"/>s, <c>pooler</c> — so its state-dict names are BertModel's and pretrained weights load by
/// name (<see cref="Pretrained.MiniLM"/>). No language-model head: it maps token ids to hidden states, which a probe,
/// a classifier or mean pooling reads. Trainable and freezable like any lab module.
/// </summary>
public sealed class PostLayerNormBert : nn.Module<Tensor, Tensor>, IAttentionSource
{
    readonly BertEmbeddings embeddings;
    readonly BertEncoder encoder;
    readonly BertPooler pooler;

    public PostLayerNormBert(PostLayerNormBertConfig config) : base(nameof(PostLayerNormBert))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = new BertPooler(config);
        RegisterComponents();
    }

    public PostLayerNormBertConfig Config { get; }

    public long ParameterCount => ModelSize.Parameters(this);

    /// <summary>Training FLOPs per token at full context; the three embedding tables take part in no matmul.</summary>
    public double FlopsPerToken => ModelSize.FlopsPerToken(
        ParameterCount - embeddings.LookupParameters, Config.Layers, Config.MaxPositions, Config.HiddenSize);

    /// <summary>last_hidden_state (B, T, C) for ids (B, T), padding derived from [PAD].</summary>
    public override Tensor forward(Tensor ids) => HiddenStates(ids);

    /// <summary>
    /// last_hidden_state (B, T, C). Keeps the autograd graph unless called under no_grad, so a fine-tuning loss can
    /// flow through it.
    /// </summary>
    /// <param name="ids">(B, T) int64 WordPiece ids.</param>
    /// <param name="attentionMask">(B, T), 1/true at real tokens, 0/false at padding (any dtype); null: every id but [PAD].</param>
    /// <param name="tokenTypes">(B, T) int64 segment ids; null: all 0 (a single text).</param>
    public Tensor HiddenStates(Tensor ids, Tensor? attentionMask = null, Tensor? tokenTypes = null)
    {
        using var scope = NewDisposeScope();
        return Run(ids, attentionMask, tokenTypes, allHiddenStates: false, attentions: false).LastHiddenState.MoveToOuterDisposeScope();
    }

    /// <summary>The whole output: last_hidden_state, and when asked each layer's hidden states and attention weights.</summary>
    public EncoderOutput Encode(Tensor ids, Tensor? attentionMask = null, Tensor? tokenTypes = null,
        bool allHiddenStates = false, bool attentions = false)
    {
        using var scope = NewDisposeScope();
        var output = Run(ids, attentionMask, tokenTypes, allHiddenStates, attentions);
        foreach (var tensor in output.HiddenStates.Concat(output.Attentions).Append(output.LastHiddenState)) tensor.MoveToOuterDisposeScope();
        return output;
    }

    public IReadOnlyList<Tensor> AttentionWeights(Tensor ids)
    {
        var output = Encode(ids, attentions: true);
        output.LastHiddenState.Dispose();
        return output.Attentions;
    }

    /// <summary>pooler_output (B, C): tanh(dense(h_[CLS])), the head BERT's next-sentence task trained.</summary>
    public Tensor Pool(Tensor lastHiddenState) => pooler.forward(lastHiddenState);

    /// <summary>
    /// Mean of the hidden states over the real tokens (B, T, C) → (B, C): sentence-transformers' pooling, the
    /// sentence embedding all-MiniLM-L6-v2 was trained to give (before L2 normalisation).
    /// </summary>
    public static Tensor MeanPool(Tensor hidden, Tensor attentionMask)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(attentionMask);
        using var scope = NewDisposeScope();
        var weights = attentionMask.ne(0).to(hidden.dtype).unsqueeze(-1);                  // (B, T, 1)
        var sums = (hidden * weights).sum(1);                                                // (B, C)
        return (sums / weights.sum(1).clamp_min(1e-9)).MoveToOuterDisposeScope();          // (B, C)
    }

    EncoderOutput Run(Tensor ids, Tensor? attentionMask, Tensor? tokenTypes, bool allHiddenStates, bool attentions)
    {
        TokenIdChecks.Check(ids, Config.VocabularySize, Config.MaxPositions, "MiniLM/BERT encoder");
        var mask = attentionMask is null ? ids.ne(Config.PadId) : attentionMask.ne(0);    // (B, T) bool
        RequireShape(mask, ids, nameof(attentionMask));
        var types = tokenTypes ?? zeros_like(ids);                                         // (B, T)
        RequireShape(types, ids, nameof(tokenTypes));
        // The fused kernel is fastest with no mask at all: pass one only when some key is padding.
        var allowed = mask.all().item<bool>() ? null : mask.view(ids.shape[0], 1, 1, ids.shape[1]); // (B, 1, 1, T)

        var x = embeddings.forward(ids, types);                                            // (B, T, C)
        var hidden = new List<Tensor>();
        var weights = new List<Tensor>();
        if (allHiddenStates) hidden.Add(x);
        foreach (var layer in encoder.layer)
        {
            (x, var w) = layer.forward(x, allowed, attentions);                          // (B, T, C); (B, h, T, T)
            if (allHiddenStates) hidden.Add(x);
            if (w is not null) weights.Add(w);
        }
        return new EncoderOutput(x, hidden, weights);
    }

    static void RequireShape(Tensor tensor, Tensor ids, string name)
    {
        if (!tensor.shape.SequenceEqual(ids.shape))
            throw new ArgumentException(
                $"{name} has shape [{string.Join(", ", tensor.shape)}] but the ids have [{string.Join(", ", ids.shape)}]; " +
                "pass the tensors BertWordPieceTokenizer.EncodeBatch returned together.", name);
    }

    /// <summary>The layer stack, a module of its own so the parameter names read <c>encoder.layer.N....</c>.</summary>
    sealed class BertEncoder : nn.Module
    {
        public readonly ModuleList<BertLayer> layer;

        public BertEncoder(PostLayerNormBertConfig config) : base(nameof(BertEncoder))
        {
            layer = new ModuleList<BertLayer>([.. Enumerable.Range(0, config.Layers).Select(_ => new BertLayer(config))]);
            RegisterComponents();
        }
    }

    /// <summary>tanh(dense(h_[CLS])): Hugging Face's BertPooler.</summary>
    sealed class BertPooler : nn.Module<Tensor, Tensor>
    {
        nn.Module<Tensor, Tensor> dense;

        public BertPooler(PostLayerNormBertConfig config) : base(nameof(BertPooler))
        {
            dense = BertSelfAttention.Dense(config.HiddenSize, config.HiddenSize);
            RegisterComponents();
        }

        public override Tensor forward(Tensor hidden) => dense.forward(hidden[TensorIndex.Colon, 0]).tanh(); // (B, C)
    }
}
