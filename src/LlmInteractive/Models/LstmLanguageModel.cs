using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// The recurrent baseline: embedding → stacked LSTM → projection to the vocabulary. Causal by construction (the state
/// at t has only read tokens ≤ t), with no attention to show.
/// </summary>
public sealed class LstmLanguageModel : nn.Module<Tensor, Tensor>, ILanguageModel
{
    readonly Embedding embedding;
    readonly LSTM lstm;
    readonly nn.Module<Tensor, Tensor> drop;
    nn.Module<Tensor, Tensor> head;

    public LstmLanguageModel(LstmLanguageModelConfig config) : base(nameof(LstmLanguageModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        embedding = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        lstm = nn.LSTM(config.EmbeddingSize, config.HiddenSize, config.Layers, batchFirst: true,
            dropout: config.Layers > 1 ? config.Dropout : 0.0);
        drop = nn.Dropout(config.Dropout);
        head = nn.Linear(config.HiddenSize, config.VocabularySize);
        RegisterComponents();
    }

    public LstmLanguageModelConfig Config { get; }

    public nn.Module Module => this;
    public int VocabularySize => Config.VocabularySize;
    public int ContextLength => Config.ContextLength;
    public bool IsCausal => true;

    public long ParameterCount => ModelSize.Parameters(this);

    /// <summary>6N with N excluding the embedding table (a lookup, no matmul); no attention term.</summary>
    public double FlopsPerToken => 6.0 * (ParameterCount - embedding.weight!.numel());

    public override Tensor forward(Tensor ids) => Logits(ids);

    /// <summary>Logits (B, T, V) for ids (B, T), each sequence starting from a zero state.</summary>
    public Tensor Logits(Tensor ids)
    {
        TokenIdChecks.Check(ids, Config.VocabularySize, Config.ContextLength, "LSTM");
        using var scope = NewDisposeScope();
        var (states, _, _) = lstm.forward(embedding.forward(ids));                    // (B, T, H)
        return head.forward(drop.forward(states)).MoveToOuterDisposeScope();          // (B, T, V)
    }

    public (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttention(Tensor ids) =>
        throw new NotSupportedException(
            "An LSTM has no attention weights to show: it carries a state from token to token. Use a Gpt or Bert for attention maps.");

    /// <summary>Mean next-token cross-entropy of ids (B, T) against targets (B, T).</summary>
    public Tensor Loss(Tensor ids, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(ids);                                                     // (B, T, V)
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1)).MoveToOuterDisposeScope();
    }
}
