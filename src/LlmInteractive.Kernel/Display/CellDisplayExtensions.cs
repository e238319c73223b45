using LlmInteractive.Kernel.Display;
using Microsoft.DotNet.Interactive.Formatting;

// In the global namespace on purpose: C# looks for extension methods in the enclosing namespaces before the imported
// ones, so in cells (which import System) this Display() is chosen over Formatting's System.DisplayExtensions.Display
// without an ambiguity, and code written for .NET Interactive compiles unchanged (same name, same DisplayedValue).

/// <summary>
/// The cells' <c>value.Display()</c>: Formatting's, except that the DisplayedValue returned is the one that was shown,
/// so <c>var status = "…".Display(); status.Update("…");</c> replaces that output in place (see <see cref="Displays.Show"/>).
/// </summary>
public static class CellDisplayExtensions
{
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => Displays.Show(value, mimeTypes);
}
