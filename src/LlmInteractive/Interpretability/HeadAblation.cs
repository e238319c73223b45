using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Ablation of attention heads, restored on dispose. <c>using (HeadAblation.Zero(model, (1, 3))) { ... }</c> runs the
/// model with layer 1's head 3 removed (its output multiplied by 0 before the output projection); it works on any lab
/// model whose attention modules have a head mask (<see cref="IHasHeadMask"/>: the GPT's and lab BERT's
/// <see cref="MultiHeadAttention"/>, the pretrained BERT's <see cref="BertSelfAttention"/>), in the fused and explicit
/// paths. <see cref="Mean"/> replaces a head's output by its average instead, which keeps what the head adds whatever
/// the input and removes only what it computes from this one.
/// </summary>
public sealed class HeadAblation : IDisposable
{
    readonly List<(IHasHeadMask Attention, Tensor? Previous)> changed = [];
    readonly List<(MultiHeadAttention Attention, Func<Tensor, Tensor>? Previous)> edited = [];
    readonly List<Tensor> owned = [];

    HeadAblation() { }

    /// <summary>The model's attention layers in order (layer 0 first), found by module name.</summary>
    public static IReadOnlyList<IHasHeadMask> Layers(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.named_modules().Select(m => m.module).OfType<IHasHeadMask>().ToList();
    }

    /// <summary>Removes the given (layer, head) pairs until the returned object is disposed.</summary>
    public static HeadAblation Zero(nn.Module model, params (int Layer, int Head)[] heads)
    {
        var layers = Checked(model, Layers(model), heads);
        var ablation = new HeadAblation();
        foreach (var group in heads.GroupBy(h => h.Layer))
        {
            var attention = layers[group.Key];
            var weights = Enumerable.Repeat(1f, attention.Heads).ToArray();
            foreach (var (_, head) in group) weights[head] = 0f;
            if (attention.HeadMask is { } existing) weights = weights.Zip(existing.cpu().data<float>().ToArray(), (a, b) => a * b).ToArray();
            ablation.changed.Add((attention, attention.HeadMask));
            attention.HeadMask = tensor(weights).DetachFromDisposeScope();
        }
        return ablation;
    }

    /// <summary>
    /// Mean ablation (the usual choice in circuit work, e.g. TransformerLens): until disposed, each given head outputs,
    /// at every position, its mean output at that position over the rows of <paramref name="referenceIds"/> (B, T)
    /// instead of its own. Inputs up to T tokens long can then be run; the GPT's <see cref="MultiHeadAttention"/>
    /// layers only (the output edit is theirs).
    /// </summary>
    public static HeadAblation Mean(Gpt model, Tensor referenceIds, params (int Layer, int Head)[] heads)
    {
        ArgumentNullException.ThrowIfNull(referenceIds);
        var layers = Checked(model, Layers(model).OfType<MultiHeadAttention>().ToList(), heads);
        var ablation = new HeadAblation();
        foreach (var group in heads.GroupBy(h => h.Layer))
        {
            var attention = layers[group.Key];
            using var recorded = HeadPatch.Outputs(model, group.Key, referenceIds);                       // (B, nh, T, hs)
            var keep = Enumerable.Repeat(1f, attention.Heads).ToArray();
            foreach (var (_, head) in group) keep[head] = 0f;
            using var keepMask = tensor(keep, [1, attention.Heads, 1, 1], device: recorded.device);
            // The replacement for the ablated heads, zero for the others: (1, nh, T, hs).
            var mean = (recorded.mean([0], keepdim: true) * (1 - keepMask)).DetachFromDisposeScope();
            var kept = keepMask.clone().DetachFromDisposeScope();
            var previous = attention.HeadOutputEdit;
            ablation.edited.Add((attention, previous));
            ablation.owned.AddRange([mean, kept]);
            var maxLength = mean.shape[2];
            attention.HeadOutputEdit = y =>
            {
                var own = previous is null ? y : previous(y);                                             // (B, nh, T', hs)
                var length = own.shape[2];
                if (length > maxLength)
                    throw new InvalidOperationException($"The mean was taken over inputs of {maxLength} tokens; this input has {length}. Pass reference ids at least as long as the inputs you ablate.");
                var meanHere = mean[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, length)].to(own.dtype).to(own.device);
                return own * kept.to(own.dtype).to(own.device) + meanHere;
            };
        }
        return ablation;
    }

    static IReadOnlyList<T> Checked<T>(nn.Module model, IReadOnlyList<T> layers, (int Layer, int Head)[] heads) where T : IHasHeadMask
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heads);
        if (layers.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} has no attention layers with a head mask to ablate.", nameof(model));
        foreach (var (layer, head) in heads)
            if (layer < 0 || layer >= layers.Count || head < 0 || head >= layers[layer].Heads)
                throw new ArgumentOutOfRangeException(nameof(heads),
                    $"Head ({layer}, {head}) does not exist: the model has {layers.Count} layer(s) of {layers[0].Heads} head(s), numbered from 0.");
        return layers;
    }

    public void Dispose()
    {
        // Restore the output edits in reverse, so each layer gets back the edit it had before this ablation.
        for (var i = edited.Count - 1; i >= 0; i--) edited[i].Attention.HeadOutputEdit = edited[i].Previous;
        edited.Clear();
        foreach (var t in owned) t.Dispose();
        owned.Clear();
        for (var i = changed.Count - 1; i >= 0; i--)
        {
            var (attention, previous) = changed[i];
            attention.HeadMask?.Dispose();
            attention.HeadMask = previous;
        }
        changed.Clear();
    }
}
