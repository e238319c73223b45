using LlmInteractive.Kernel.Display;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// The globals every cell sees (Roslyn script host object): <c>display(...)</c> and <c>GetInputAsync</c> as in .NET
/// Interactive, and <c>Cancellation</c>, the running cell's interrupt token, for loops that should stop when the user
/// interrupts.
/// </summary>
public sealed class CellGlobals
{
    /// <summary>The running cell's token; it fires when the user interrupts the kernel.</summary>
    public CancellationToken Cancellation => CurrentCell.Cancellation;

    /// <summary>Asks the user for a line of text in the front end, as .NET Interactive's Kernel.GetInputAsync did (so does Console.ReadLine()).</summary>
    public Task<string> GetInputAsync(string prompt = "") => ConsoleInput.AskAsync(prompt, password: false);

    /// <summary>Asks for a secret: the front end hides what is typed. The value is a plain string: do not display it.</summary>
    public Task<string> GetPasswordAsync(string prompt = "") => ConsoleInput.AskAsync(prompt, password: true);

    /// <summary>Shows <paramref name="value"/> (display_data) and returns a handle whose Update replaces it in place.</summary>
#pragma warning disable IDE1006 // lower-case name kept for .NET Interactive compatibility
    public DisplayedValue display(object? value, params string[] mimeTypes) => Displays.Show(value, mimeTypes);
#pragma warning restore IDE1006

    /// <summary>Markup shown as text/html, as .NET Interactive's <c>HTML(...)</c> (display it, or end a cell with it).</summary>
    public Microsoft.AspNetCore.Html.HtmlString HTML(string markup) => new(markup);
}
