using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// Where displays go: the output of the cell running on this logical call chain (set by the interpreter for each
/// cell, flows into tasks the cell starts). Once a host has called <see cref="Use"/>, every displayed value the
/// Formatter raises (<c>value.Display()</c>, <see cref="Displays.Show"/>, <see cref="DisplayedValue.Update"/>) is sent
/// to that output as display_data or update_display_data; outside a cell its text/plain form goes to the console.
/// A host with its own listener to those events (.NET Interactive's Kernel) must not call <see cref="Use"/>.
/// </summary>
public static class DisplayContext
{
    static readonly AsyncLocal<IExecutionOutput?> current = new();
    static readonly Lazy<IDisposable> routing = new(() => Formatter.SubscribeToDisplayedValues(Route));

    /// <summary>The running cell's output, or null outside a cell.</summary>
    public static IExecutionOutput? Current => current.Value;

    /// <summary>Routes displays to <paramref name="output"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(IExecutionOutput output)
    {
        _ = routing.Value;
        var previous = current.Value;
        current.Value = output;
        return new Restore(() => current.Value = previous);
    }

    static void Route(DisplayedValue shown)
    {
        if (Current is { } output) output.Display(MimeBundles.From(shown), shown.DisplayId, update: shown.IsUpdated);
        else Formatter.WriteToConsole(shown);
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
