using LlmInteractive.Kernel.Display;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// The globals every cell sees (Roslyn script host object): <c>display(...)</c> as in .NET Interactive, and
/// <c>Cancellation</c>, the running cell's interrupt token, for loops that should stop when the user interrupts.
/// </summary>
public sealed class CellGlobals
{
    /// <summary>The running cell's token; it fires when the user interrupts the kernel.</summary>
    public CancellationToken Cancellation => CellCancellation.Current;

    /// <summary>Shows <paramref name="value"/> (display_data) and returns a handle whose Update replaces it in place.</summary>
#pragma warning disable IDE1006 // lower-case name kept for .NET Interactive compatibility
    public DisplayHandle display(object? value, params string[] mimeTypes) => value.Display(mimeTypes);
#pragma warning restore IDE1006
}
