using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary>
/// The LLM lab's kernel extension: registers the views (attention, token probabilities, tokenization, training
/// progress, tensors, models, Plotly charts) as formatters and adds the magics
/// <c>#!tokens #!attention #!probs #!generate #!device #!seed</c>.
/// </summary>
public sealed class LlmExtension : IKernelExtension
{
    public void Load(IExtensionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ViewFormatters.Register();
        foreach (var magic in Magics()) context.Magics.Register(magic);
    }

    /// <summary>Every magic of the extension (fresh definitions, so sessions do not share parser state).</summary>
    public static IReadOnlyList<Kernel.Magics.MagicCommand> Magics() =>
    [
        TokensMagic.Create(), AttentionMagic.Create(), ProbsMagic.Create(), GenerateMagic.Create(), DeviceMagic.Create(), SeedMagic.Create(),
    ];
}
