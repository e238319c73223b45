using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// Sends every displayed value the Formatter raises (<c>value.Display()</c>, <see cref="Displays.Show"/>,
/// <see cref="DisplayedValue.Update"/>) to the output of the cell that raised it (<see cref="CurrentCell"/>) as
/// display_data or update_display_data; outside a cell its text/plain form goes to the console.
/// A host with its own listener to those events (.NET Interactive's Kernel) must not install it: they would show twice.
/// </summary>
public static class DisplayRouting
{
    static readonly Lazy<IDisposable> routing = new(() => Formatter.SubscribeToDisplayedValues(Route));

    /// <summary>Starts the routing once per process (later calls do nothing).</summary>
    public static void Install() => _ = routing.Value;

    static void Route(DisplayedValue shown)
    {
        if (CurrentCell.Output is { } output) output.Display(MimeBundles.From(shown), shown.DisplayId, update: shown.IsUpdated);
        else Formatter.WriteToConsole(shown);
    }
}
