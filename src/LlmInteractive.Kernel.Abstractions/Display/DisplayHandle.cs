using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Display;

/// <summary>A displayed output that can be replaced in place (Jupyter's update_display_data).</summary>
public sealed class DisplayHandle
{
    readonly IExecutionOutput? output;
    readonly string[] mimeTypes;

    internal DisplayHandle(IExecutionOutput? output, string displayId, string[] mimeTypes)
    {
        this.output = output;
        DisplayId = displayId;
        this.mimeTypes = mimeTypes;
    }

    public string DisplayId { get; }

    /// <summary>Replaces the displayed value with <paramref name="value"/>, formatted as the first display was.</summary>
    public void Update(object? value)
    {
        var bundle = MimeBundles.From(value, mimeTypes);
        if (output is null) Console.WriteLine(bundle.Data["text/plain"]);
        else output.Display(bundle, DisplayId, update: true);
    }
}

public static class DisplayExtensions
{
    /// <summary>
    /// Displays <paramref name="value"/> in the running cell and returns a handle to update it.
    /// With no mime types given, the Formatter's preferred mime types for the value's type are used (text/plain always added).
    /// Outside a cell the text/plain form goes to the console.
    /// </summary>
    public static DisplayHandle Display(this object? value, params string[] mimeTypes)
    {
        var output = DisplayContext.Current;
        var handle = new DisplayHandle(output, Guid.NewGuid().ToString("N"), mimeTypes);
        var bundle = MimeBundles.From(value, mimeTypes);
        if (output is null) Console.WriteLine(bundle.Data["text/plain"]);
        else output.Display(bundle, handle.DisplayId, update: false);
        return handle;
    }
}
