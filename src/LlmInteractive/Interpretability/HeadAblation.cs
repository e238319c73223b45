using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Zero ablation of attention heads: <c>using (HeadAblation.Zero(model, (1, 3))) { ... }</c> runs the model with
/// layer 1's head 3 removed (its output multiplied by 0 before the output projection) and restores it on dispose.
/// Works on any lab model whose attention modules have a head mask (<see cref="IHasHeadMask"/>: the GPT's and lab
/// BERT's <see cref="MultiHeadAttention"/>, the pretrained BERT's <see cref="BertSelfAttention"/>), in the fused and
/// explicit paths.
/// </summary>
public sealed class HeadAblation : IDisposable
{
    readonly List<(IHasHeadMask Attention, Tensor? Previous)> changed = [];

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
        ArgumentNullException.ThrowIfNull(heads);
        var layers = Layers(model);
        if (layers.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} has no attention layers with a head mask to ablate.", nameof(model));
        foreach (var (layer, head) in heads)
            if (layer < 0 || layer >= layers.Count || head < 0 || head >= layers[layer].Heads)
                throw new ArgumentOutOfRangeException(nameof(heads),
                    $"Head ({layer}, {head}) does not exist: the model has {layers.Count} layer(s) of {layers[0].Heads} head(s), numbered from 0.");

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

    public void Dispose()
    {
        for (var i = changed.Count - 1; i >= 0; i--)
        {
            var (attention, previous) = changed[i];
            attention.HeadMask?.Dispose();
            attention.HeadMask = previous;
        }
        changed.Clear();
    }
}
