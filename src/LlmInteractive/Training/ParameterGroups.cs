using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Training;

/// <summary>
/// Splits trainable parameters into those AdamW decays (matrix weights of linear and attention layers) and those it must
/// not: biases, normalisation gains and embeddings. Decaying a LayerNorm gain or a bias only pulls it toward a
/// meaningless zero; embeddings are excluded so rare tokens' vectors are not erased between their updates.
/// </summary>
public static class ParameterGroups
{
    public static (IReadOnlyList<Parameter> Decay, IReadOnlyList<Parameter> NoDecay) Split(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);

        var exempt = new HashSet<IntPtr>();
        foreach (var child in module.named_modules().Select(named => named.module).Prepend(module))
            if (IsNormOrEmbedding(child))
                foreach (var (_, parameter) in child.named_parameters(recurse: false))
                    exempt.Add(parameter.Handle);

        var decay = new List<Parameter>();
        var noDecay = new List<Parameter>();
        var seen = new HashSet<IntPtr>();   // tied weights (embedding = output head) appear under two names
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!parameter.requires_grad || !seen.Add(parameter.Handle)) continue;
            var keep = parameter.dim() < 2 || exempt.Contains(parameter.Handle) || LooksLikeEmbedding(name);
            (keep ? noDecay : decay).Add(parameter);
        }

        if (decay.Count + noDecay.Count == 0)
            throw new ArgumentException(
                $"The module {module.GetType().Name} has no trainable parameters; unfreeze some (requires_grad = true) before training.",
                nameof(module));
        return (decay, noDecay);
    }

    static bool IsNormOrEmbedding(nn.Module module) =>
        module is Embedding or EmbeddingBag or LayerNorm or GroupNorm
        || module.GetType().Name.Contains("Norm", StringComparison.Ordinal)
        || module.GetType().Name.Contains("Embedding", StringComparison.Ordinal);

    // Position tables are often bare parameters (nanoGPT's wpe is an Embedding, others keep a Parameter).
    static bool LooksLikeEmbedding(string name)
    {
        var last = name.Split('.')[^1];
        return name.Contains("embed", StringComparison.OrdinalIgnoreCase) || last is "wte" or "wpe";
    }
}
