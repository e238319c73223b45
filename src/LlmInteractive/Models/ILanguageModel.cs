using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// What every neural language model in the lab offers to training, evaluation, generation and the views.
/// Implemented by torch modules (GPT, BERT-style encoder, LSTM); the module itself is <see cref="Module"/>.
/// </summary>
public interface ILanguageModel
{
    /// <summary>The torch module (parameters, train/eval mode, device moves, state dicts).</summary>
    nn.Module Module { get; }

    int VocabularySize { get; }

    /// <summary>
    /// Longest sequence the model was built (trained) for; longer input is an error that says so, unless the model's
    /// positions are defined further (<see cref="Gpt.RunsPastContextLength"/>).
    /// </summary>
    int ContextLength { get; }

    /// <summary>True for left-to-right models (position t sees only positions ≤ t).</summary>
    bool IsCausal { get; }

    /// <summary>Logits (B, T, V) for token ids (B, T) of dtype int64.</summary>
    Tensor Logits(Tensor ids);

    /// <summary>
    /// Logits plus attention weights per layer, each (B, H, T, T), rows summing to 1. The normal <see cref="Logits"/>
    /// path keeps the fused kernel; this one computes the weights explicitly. Models without attention throw
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttention(Tensor ids);

    /// <summary>Number of trainable and frozen parameters (weights shared by tying counted once).</summary>
    long ParameterCount { get; }

    /// <summary>Training FLOPs per token at full context: 6N plus the attention term (Kaplan et al. 2020).</summary>
    double FlopsPerToken { get; }
}
