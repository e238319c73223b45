using LlmInteractive.Models;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Every intermediate activation of one GPT forward pass, by name, as TransformerLens's <c>run_with_cache</c>:
/// <c>using var cache = ActivationCache.Run(model, ids); var pattern = cache["blocks.1.attn.hook_pattern"];</c>.
/// Names follow TransformerLens where the lab has the same tensor:
/// <list type="bullet">
/// <item><c>blocks.{l}.hook_resid_pre</c>, <c>blocks.{l}.hook_resid_post</c>: the residual stream (B, T, C) before and after block l;</item>
/// <item><c>blocks.{l}.attn.hook_pattern</c>: the attention weights (B, nh, T, T), rows summing to 1;</item>
/// <item><c>blocks.{l}.attn.hook_z</c>: each head's output (B, nh, T, hs) before the output projection mixes the heads
/// (TransformerLens orders it (B, T, nh, hs));</item>
/// <item><c>logits</c>: (B, T, V).</item>
/// </list>
/// The pass sees whatever the model is set to (an ablation or a patch in force is cached as run). The cache owns its
/// tensors (detached copies, outside any dispose scope); dispose it to free them.
/// </summary>
public sealed class ActivationCache : IDisposable
{
    readonly Dictionary<string, Tensor> activations;

    ActivationCache(Dictionary<string, Tensor> activations) => this.activations = activations;

    /// <summary>The names held, in forward order.</summary>
    public IReadOnlyList<string> Names => [.. activations.Keys];

    /// <summary>The activation called <paramref name="name"/>; an unknown name is refused with the names there are.</summary>
    public Tensor this[string name] =>
        activations.TryGetValue(name, out var value) ? value
        : throw new KeyNotFoundException($"No activation '{name}' in the cache. It holds: {string.Join(", ", activations.Keys)}.");

    public bool Contains(string name) => activations.ContainsKey(name);

    /// <summary>Runs <paramref name="model"/> once on <paramref name="ids"/> (B, T) without gradients and records every activation.</summary>
    public static ActivationCache Run(Gpt model, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        var layers = HeadAblation.Layers(model).OfType<MultiHeadAttention>().ToList();
        var residuals = new List<Tensor>();
        var headOutputs = new Tensor?[layers.Count];
        var previousEdits = layers.Select(l => l.HeadOutputEdit).ToArray();
        var recorded = new Dictionary<string, Tensor>();
        try
        {
            for (var l = 0; l < layers.Count; l++)
            {
                var layer = l;
                var previous = previousEdits[l];
                layers[l].HeadOutputEdit = y =>
                {
                    var edited = previous is null ? y : previous(y);
                    headOutputs[layer] = Keep(edited);
                    return edited;
                };
            }
            using (no_grad())
            using (NewDisposeScope())
            {
                var (logits, attention) = model.LogitsWithAttentionAndResidualEdit(ids, (_, x) => { residuals.Add(Keep(x)); return x; });
                for (var l = 0; l < layers.Count; l++)
                {
                    recorded[$"blocks.{l}.hook_resid_pre"] = residuals[l];
                    recorded[$"blocks.{l}.attn.hook_pattern"] = Keep(attention[l]);
                    recorded[$"blocks.{l}.attn.hook_z"] = headOutputs[l] ?? throw new InvalidOperationException($"The forward pass did not reach attention layer {l}.");
                    recorded[$"blocks.{l}.hook_resid_post"] = residuals[l + 1];
                }
                recorded["logits"] = Keep(logits);
            }
            return new ActivationCache(recorded);
        }
        catch
        {
            foreach (var t in residuals.Concat(headOutputs.OfType<Tensor>()).Concat(recorded.Values).Distinct()) t.Dispose();
            throw;
        }
        finally
        {
            for (var l = 0; l < layers.Count; l++) layers[l].HeadOutputEdit = previousEdits[l];
        }
    }

    static Tensor Keep(Tensor t) => t.detach().clone().DetachFromDisposeScope();

    public void Dispose()
    {
        foreach (var t in activations.Values) t.Dispose();
        activations.Clear();
    }
}
