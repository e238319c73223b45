using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary>
/// The LLM lab's kernel extension: registers the views (attention, token probabilities, tokenization, training
/// progress, tensors, models, Plotly charts) as formatters and adds the magics
/// <c>#!tokens #!attention #!probs #!generate #!device #!seed</c>. It connects the running cell's interrupt to the
/// lab's <see cref="Runtime.AmbientCancellation"/>, so training or generation called without a token stops with the cell.
/// </summary>
public sealed class LlmExtension : IKernelExtension
{
    public void Load(IExtensionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Cells use the lab as they use the extension: referenced, its namespaces imported.
        context.UseLibrary(typeof(Training.Trainer).Assembly);
        CellCancellationSource.Connect();
        ViewFormatters.Register();
        foreach (var magic in Magics()) context.Magics.Register(magic);
    }

    /// <summary>Every magic of the extension (fresh definitions, so sessions do not share parser state).</summary>
    public static IReadOnlyList<Kernel.Magics.MagicCommand> Magics() =>
    [
        TokensMagic.Create(), AttentionMagic.Create(), ProbsMagic.Create(), GenerateMagic.Create(), DeviceMagic.Create(), SeedMagic.Create(),
    ];
}
