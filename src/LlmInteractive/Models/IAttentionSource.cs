using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// A model whose attention weights can be read without its logits: an encoder with no language-model head (a
/// pretrained sentence encoder). <see cref="Evaluation.Scoring.Attention"/> prefers this to
/// <see cref="ILanguageModel.LogitsWithAttention"/>.
/// </summary>
public interface IAttentionSource
{
    /// <summary>Attention weights per layer, each (B, h, T, T), rows summing to 1, for token ids (B, T) int64.</summary>
    IReadOnlyList<Tensor> AttentionWeights(Tensor ids);
}
