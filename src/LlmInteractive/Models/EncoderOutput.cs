using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// What a <see cref="PostLayerNormBert"/> forward pass returns, as Hugging Face's BaseModelOutput.
/// </summary>
/// <param name="LastHiddenState">(B, T, C): the last layer's output, last_hidden_state.</param>
/// <param name="HiddenStates">When asked for: L + 1 tensors (B, T, C), the embeddings' output then each layer's (hidden_states).</param>
/// <param name="Attentions">When asked for: L tensors (B, h, T, T), each query row summing to 1 (attentions).</param>
public sealed record EncoderOutput(Tensor LastHiddenState, IReadOnlyList<Tensor> HiddenStates, IReadOnlyList<Tensor> Attentions) : IDisposable
{
    public void Dispose()
    {
        // The last entry of HiddenStates is LastHiddenState itself: dispose each tensor once.
        foreach (var tensor in HiddenStates.Concat(Attentions).Append(LastHiddenState).Distinct<Tensor>(ReferenceEqualityComparer.Instance)) tensor.Dispose();
    }
}
