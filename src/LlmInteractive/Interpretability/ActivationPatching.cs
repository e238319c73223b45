using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Activation patching (causal tracing, Meng et al. 2022; Wang et al. 2022): run a corrupted input, but replace the
/// residual stream at one state and position with its value from a clean run. How much of the clean prediction comes
/// back says how much of the information the model needs is carried there.
/// </summary>
public static class ActivationPatching
{
    /// <summary>
    /// Logits (B, T, V) of <paramref name="corrupted"/> with residual state <paramref name="state"/> (0 = embeddings,
    /// l + 1 = after block l) at <paramref name="position"/> taken from the run on <paramref name="clean"/> (same shape).
    /// </summary>
    public static Tensor PatchResidual(Gpt model, Tensor clean, Tensor corrupted, int state, int position)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(corrupted);
        if (!clean.shape.SequenceEqual(corrupted.shape))
            throw new ArgumentException($"The clean ids [{string.Join(", ", clean.shape)}] and the corrupted ids [{string.Join(", ", corrupted.shape)}] must have the same shape.", nameof(corrupted));
        if (state < 0 || state > model.Config.Layers)
            throw new ArgumentOutOfRangeException(nameof(state), state, $"States are 0 (embeddings) to {model.Config.Layers} (after the last block).");
        if (position < 0 || position >= clean.shape[1])
            throw new ArgumentOutOfRangeException(nameof(position), position, $"Positions are 0 to {clean.shape[1] - 1}.");

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var source = model.ResidualStream(clean)[state];                                    // (B, T, C)
        var logits = model.LogitsWithResidualEdit(corrupted, (index, x) =>
        {
            if (index != state) return x;
            var patched = x.clone();
            patched[TensorIndex.Colon, position] = source[TensorIndex.Colon, position];
            return patched;
        });
        return logits.MoveToOuterDisposeScope();
    }
}
