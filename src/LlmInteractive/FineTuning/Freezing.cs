using TorchSharp;

namespace LlmInteractive.FineTuning;

/// <summary>Choose which parameters train: freeze a pretrained body, unfreeze a head (linear probe) or everything (full fine-tuning).</summary>
public static class Freezing
{
    public static void FreezeAll(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var parameter in module.parameters()) parameter.requires_grad = false;
    }

    /// <summary>Makes the parameters whose dotted name passes <paramref name="which"/> trainable (all when null).</summary>
    /// <returns>How many parameter tensors were unfrozen.</returns>
    public static int Unfreeze(torch.nn.Module module, Func<string, bool>? which = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var named = module.named_parameters().ToList();
        var chosen = named.Where(p => which is null || which(p.name)).ToList();
        if (chosen.Count == 0)
            throw new ArgumentException(
                "No parameter name matched. The parameters are: " + string.Join(", ", named.Select(p => p.name)) + ".", nameof(which));
        foreach (var (_, parameter) in chosen) parameter.requires_grad = true;
        return chosen.Count;
    }

    /// <summary>Number of values the optimizer will update (parameters with requires_grad).</summary>
    public static long TrainableParameterCount(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
    }
}
