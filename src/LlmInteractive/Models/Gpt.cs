using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Decoder-only transformer language model, GPT-2 style, laid out as nanoGPT's model.py: token + position embeddings,
/// pre-LayerNorm causal blocks, a final LayerNorm and a projection back to the vocabulary (tied to the token embedding).
/// With RoPE or ALiBi positions there is no position embedding: the blocks' attention applies them. Every kind but a
/// learned table also runs on sequences longer than <see cref="GptConfig.ContextLength"/> (the training length).
/// </summary>
public sealed class Gpt : nn.Module<Tensor, Tensor>, ILanguageModel
{
    readonly Embedding wte;
    readonly nn.Module<Tensor, Tensor>? wpe;   // null for RoPE and ALiBi
    readonly nn.Module<Tensor, Tensor> drop;
    readonly ModuleList<TransformerBlock> h;
    readonly LayerNorm ln_f;
    // Only when weights are not tied. Tied weights read wte.weight directly rather than sharing a Parameter between two
    // modules, because TorchSharp's per-module device moves would otherwise split (and dispose) the shared tensor.
    readonly Linear? lm_head;

    public Gpt(GptConfig config) : base(nameof(Gpt))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;

        wte = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        Initialization.Normal(wte);
        wpe = PositionEncodings.IsAddedToEmbeddings(config.Positions)
            ? PositionEncodings.Create(config.Positions, config.ContextLength, config.EmbeddingSize, config.SinusoidAmplitude)
            : null;
        drop = nn.Dropout(config.Dropout);
        h = TransformerBlock.Stack(config.Layers, config.EmbeddingSize, config.Heads, config.Dropout, config.Bias, causal: true,
            mlp: !config.AttentionOnly, positions: config.Positions);
        ln_f = nn.LayerNorm(config.EmbeddingSize, bias: config.Bias);
        if (!config.TieWeights)
        {
            lm_head = nn.Linear(config.EmbeddingSize, config.VocabularySize, hasBias: false);
            Initialization.Normal(lm_head);
        }
        RegisterComponents();
    }

    public GptConfig Config { get; }

    public nn.Module Module => this;
    public int VocabularySize => Config.VocabularySize;
    public int ContextLength => Config.ContextLength;
    public bool IsCausal => true;

    /// <summary>True when the positions are defined past <see cref="ContextLength"/>, so longer sequences run (all kinds but Learned).</summary>
    public bool RunsPastContextLength => PositionEncodings.RunsPastTrainingLength(Config.Positions);

    public long ParameterCount => ModelSize.Parameters(this);

    /// <summary>6N + 12·L·T·d with N excluding the learned position table (a lookup, no matmul), as nanoGPT.</summary>
    public double FlopsPerToken => ModelSize.FlopsPerToken(
        ParameterCount - PositionEncodings.LookupParameters(wpe),
        Config.Layers, Config.ContextLength, Config.EmbeddingSize);

    /// <summary>Logits (B, T, V) for ids (B, T).</summary>
    public override Tensor forward(Tensor ids) => Logits(ids);

    public Tensor Logits(Tensor ids) => Run(ids, returnWeights: false).Logits;

    public (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttention(Tensor ids) => Run(ids, returnWeights: true);

    /// <summary>
    /// The residual stream (B, T, C) after the embeddings and after each block: L + 1 tensors, what the logit lens
    /// (<see cref="Interpretability.LogitLens"/>) and activation patching read.
    /// </summary>
    public IReadOnlyList<Tensor> ResidualStream(Tensor ids)
    {
        var residuals = new List<Tensor>();
        using (var scope = NewDisposeScope())
        {
            Run(ids, returnWeights: false, (_, x) => { residuals.Add(x); return x; });
            foreach (var r in residuals) r.MoveToOuterDisposeScope();
        }
        return residuals;
    }

    /// <summary>
    /// Logits (B, T, V) with the residual stream edited on the way: <paramref name="edit"/> receives the state index
    /// (0 = after the embeddings, l + 1 = after block l) and the state (B, T, C), and returns the state to continue
    /// with — the hook activation patching uses (<see cref="Interpretability.ActivationPatching"/>).
    /// </summary>
    public Tensor LogitsWithResidualEdit(Tensor ids, Func<int, Tensor, Tensor> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return Run(ids, returnWeights: false, edit).Logits;
    }

    /// <summary>One explicit-attention pass that also shows every residual state to <paramref name="edit"/> (as above):
    /// what <see cref="Interpretability.ActivationCache"/> records in a single forward pass.</summary>
    internal (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttentionAndResidualEdit(Tensor ids, Func<int, Tensor, Tensor> edit) =>
        Run(ids, returnWeights: true, edit);

    /// <summary>Logits (…, V) of a residual-stream state (…, C): the final LayerNorm and the (tied) unembedding.</summary>
    public Tensor Unembed(Tensor residual)
    {
        using var scope = NewDisposeScope();
        var x = ln_f.forward(residual);
        var logits = lm_head is null ? nn.functional.linear(x, wte.weight!) : lm_head.forward(x);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Mean next-token cross-entropy of ids (B, T) against targets (B, T), as nanoGPT's forward(idx, targets).</summary>
    public Tensor Loss(Tensor ids, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(ids);                                              // (B, T, V)
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1)).MoveToOuterDisposeScope();
    }

    (Tensor Logits, IReadOnlyList<Tensor> Attention) Run(Tensor ids, bool returnWeights, Func<int, Tensor, Tensor>? onResidual = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (!RunsPastContextLength && ids.dim() == 2 && ids.shape[1] > Config.ContextLength)
            throw new ArgumentException(
                $"Sequence of {ids.shape[1]} tokens is longer than the GPT's ContextLength {Config.ContextLength}, and its learned " +
                $"position table has no vector for positions {Config.ContextLength} and beyond. Crop the input to the last " +
                $"{Config.ContextLength} tokens, or train a model with Positions Sinusoidal, Rope or Alibi, which run past their training length.",
                nameof(ids));
        TokenIdChecks.Check(ids, Config.VocabularySize, RunsPastContextLength ? int.MaxValue : Config.ContextLength, "GPT");
        using var scope = NewDisposeScope();
        var T = ids.shape[1];
        var tokens = wte.forward(ids);                                             // (B, T, C)
        var x = drop.forward(wpe switch
        {
            null => tokens,                                                       // RoPE / ALiBi: positions live in attention
            SinusoidalPositionEncoding sinusoids when T > Config.ContextLength => tokens + sinusoids.First(T).to(tokens.dtype),
            _ => tokens + wpe.forward(arange(T, dtype: ScalarType.Int64, device: ids.device)),   // (B, T, C) + (T, C)
        });
        var attention = new List<Tensor>();
        var state = 0;
        if (onResidual is not null) x = onResidual(state++, x.MoveToOuterDisposeScope());
        foreach (var block in h)
        {
            (x, var weights) = block.forward(x, null, returnWeights);             // (B, T, C); weights (B, nh, T, T)
            if (weights is not null) attention.Add(weights.MoveToOuterDisposeScope());
            if (onResidual is not null) x = onResidual(state++, x.MoveToOuterDisposeScope());
        }
        return (Unembed(x).MoveToOuterDisposeScope(), attention);                // (B, T, V)
    }
}
