using LlmInteractive.Models;
using static TorchSharp.torch;

namespace LlmInteractive.FineTuning;

/// <summary>Inserts Houlsby adapters into every <see cref="TransformerBlock"/> of a model and freezes everything else.</summary>
public static class Adapters
{
    /// <summary>
    /// Freezes <paramref name="module"/>, then puts a trainable <see cref="BottleneckAdapter"/> after the attention and
    /// after the MLP of each block, before their residual additions (Houlsby et al. 2019, Fig. 2). Unfreeze a head
    /// afterwards if it should train too.
    /// </summary>
    /// <returns>The number of adapters inserted (two per block, one per attention-only block).</returns>
    public static int Apply(nn.Module module, int bottleneck)
    {
        ArgumentNullException.ThrowIfNull(module);
        var blocks = module.modules().OfType<TransformerBlock>().ToList();
        if (blocks.Count == 0)
            throw new ArgumentException($"{module.GetType().Name} has no TransformerBlock to put adapters in.", nameof(module));
        Freezing.FreezeAll(module);
        return blocks.Sum(block => block.InsertAdapters(bottleneck));
    }
}
