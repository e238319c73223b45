using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Extension;

static class MagicOutput
{
    /// <summary>Displays <paramref name="value"/> with every mime type its formatter prefers.</summary>
    public static void Show(MagicContext context, object value) =>
        context.Output.Display(MimeBundles.From(value), displayId: null, update: false);
}
