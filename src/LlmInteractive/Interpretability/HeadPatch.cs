using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Activation patching of one attention head (Wang et al. 2022; Olsson et al. 2022): record a head's output on one
/// input with <see cref="Outputs"/>, then run another input with that head's output replaced at chosen positions,
/// <c>using (HeadPatch.Replace(model, layer, head, recorded, positions)) { ... }</c>. What changes downstream is what
/// that head carried. Restored on dispose, like <see cref="HeadAblation"/>.
/// </summary>
public sealed class HeadPatch : IDisposable
{
    readonly MultiHeadAttention attention;
    readonly Func<Tensor, Tensor>? previous;
    readonly Tensor source;
    readonly Tensor positions;

    HeadPatch(MultiHeadAttention attention, Tensor source, Tensor positions)
    {
        this.attention = attention;
        this.source = source;
        this.positions = positions;
        previous = attention.HeadOutputEdit;
    }

    /// <summary>
    /// Every head's output (B, nh, T, hs) in <paramref name="layer"/> when <paramref name="run"/> runs the model, before
    /// the output projection mixes the heads. The caller owns (disposes) the returned tensor.
    /// </summary>
    public static Tensor Outputs(nn.Module model, int layer, Action run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var attention = Layer(model, layer);
        Tensor? captured = null;
        var previous = attention.HeadOutputEdit;
        attention.HeadOutputEdit = y =>
        {
            var edited = previous is null ? y : previous(y);
            captured?.Dispose();
            captured = edited.detach().clone().DetachFromDisposeScope();
            return edited;
        };
        try
        {
            using (no_grad()) run();
        }
        finally
        {
            attention.HeadOutputEdit = previous;
        }
        return captured ?? throw new InvalidOperationException($"Running the model did not pass through attention layer {layer}.");
    }

    /// <summary>Every head's output (B, nh, T, hs) in <paramref name="layer"/> of the GPT on <paramref name="ids"/> (B, T).</summary>
    public static Tensor Outputs(Gpt model, int layer, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Outputs(model, layer, () => model.Logits(ids).Dispose());
    }

    /// <summary>
    /// Until disposed, head <paramref name="head"/> of <paramref name="layer"/> outputs <paramref name="recorded"/>
    /// (B, nh, T, hs, as from <see cref="Outputs(Gpt, int, Tensor)"/>) at the sequence positions where
    /// <paramref name="positions"/> (T, bool) is true, and its own output elsewhere. Every other head is untouched.
    /// </summary>
    public static HeadPatch Replace(nn.Module model, int layer, int head, Tensor recorded, Tensor positions)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(positions);
        var attention = Layer(model, layer);
        if (head < 0 || head >= attention.Heads)
            throw new ArgumentOutOfRangeException(nameof(head), head, $"Layer {layer} has heads 0 to {attention.Heads - 1}.");
        if (recorded.dim() != 4 || recorded.shape[1] != attention.Heads)
            throw new ArgumentException($"The recorded outputs have shape [{string.Join(", ", recorded.shape)}]; expected (B, {attention.Heads}, T, head size) from HeadPatch.Outputs.", nameof(recorded));
        if (positions.dim() != 1 || positions.shape[0] != recorded.shape[2])
            throw new ArgumentException($"positions must be a (T) bool mask with T = {recorded.shape[2]}; got shape [{string.Join(", ", positions.shape)}].", nameof(positions));

        var source = recorded[TensorIndex.Colon, head].detach().clone().DetachFromDisposeScope();            // (B, T, hs)
        var mask = positions.to(ScalarType.Bool).view(1, -1, 1).DetachFromDisposeScope();                       // (1, T, 1)
        var shape = recorded.shape;
        var patch = new HeadPatch(attention, source, mask);
        attention.HeadOutputEdit = y =>
        {
            var edited = patch.previous is null ? y : patch.previous(y);
            if (!edited.shape.SequenceEqual(shape))
                throw new InvalidOperationException($"The patched run's head outputs [{string.Join(", ", edited.shape)}] differ in shape from the recorded ones [{string.Join(", ", shape)}]; patch a run of the same batch and length.");
            var replaced = where(patch.positions.to(edited.device), patch.source.to(edited.dtype).to(edited.device), edited[TensorIndex.Colon, head]);   // (B, T, hs)
            var heads = edited.unbind(1).ToArray();
            heads[head] = replaced;
            return stack(heads, 1);                                                                            // (B, nh, T, hs)
        };
        return patch;
    }

    static MultiHeadAttention Layer(nn.Module model, int layer)
    {
        var layers = HeadAblation.Layers(model).OfType<MultiHeadAttention>().ToList(); // the GPT's: HeadOutputEdit is theirs
        if (layers.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} has no MultiHeadAttention layers to patch.", nameof(model));
        if (layer < 0 || layer >= layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The model has attention layers 0 to {layers.Count - 1}.");
        return layers[layer];
    }

    public void Dispose()
    {
        attention.HeadOutputEdit = previous;
        source.Dispose();
        positions.Dispose();
    }
}
