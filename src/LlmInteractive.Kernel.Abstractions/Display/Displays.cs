using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// Shows values the way every .NET Interactive host listens for: as the Formatter's displayed-value events
/// (<see cref="Formatter.SubscribeToDisplayedValues"/>), so the views display in our kernel and in dotnet-interactive's.
/// </summary>
public static class Displays
{
    /// <summary>
    /// Displays <paramref name="value"/> (the given mime types, else the Formatter's preferred ones for its type) and
    /// returns the <see cref="DisplayedValue"/> the hosts received, whose <see cref="DisplayedValue.Update"/> replaces
    /// that display in place.
    /// </summary>
    /// <remarks>
    /// Formatting's own <c>value.Display()</c> raises one DisplayedValue and returns another with a fresh DisplayId, so
    /// an Update of what it returns names a display no host has shown. Here the raised one is kept and returned: the
    /// event is raised synchronously on this thread, which the listener below checks, and last (a display a formatter
    /// makes while formatting the value is raised before it).
    /// </remarks>
    public static DisplayedValue Show(object? value, params string[] mimeTypes)
    {
        var thread = Environment.CurrentManagedThreadId;
        DisplayedValue? raised = null;
        DisplayedValue returned;
        using (Formatter.SubscribeToDisplayedValues(shown =>
               {
                   if (Environment.CurrentManagedThreadId == thread) raised = shown;
               }))
            returned = System.DisplayExtensions.Display(value!, mimeTypes);
        return raised ?? returned;
    }
}
