using System.Text.Json;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.InteractiveExtensions;

/// <summary>The events a .NET Interactive command publishes, as the outputs of our running cell.</summary>
static class KernelEventOutput
{
    /// <summary>Sends displays, updates, returned values and streams to <paramref name="output"/>; returns a failure's message, else null.</summary>
    public static string? Forward(KernelEvent kernelEvent, IExecutionOutput output)
    {
        switch (kernelEvent)
        {
            case DisplayedValueUpdated updated:
                output.Display(Bundle(updated.FormattedValues), updated.ValueId, update: true);
                break;
            case StandardOutputValueProduced stdout:
                output.Stream("stdout", Text(stdout.FormattedValues));
                break;
            case StandardErrorValueProduced stderr:
                output.Stream("stderr", Text(stderr.FormattedValues));
                break;
            case DisplayEvent display:   // DisplayedValueProduced, ReturnValueProduced
                output.Display(Bundle(display.FormattedValues), display.ValueId, update: false);
                break;
            case CommandFailed failed:
                return failed.Message;
        }
        return null;
    }

    /// <summary>Their formatted values as our mime bundle: JSON mime types embedded as JSON, text/plain always present.</summary>
    static MimeBundle Bundle(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new Dictionary<string, object>();
        foreach (var value in values)
            data[value.MimeType] = value.MimeType.EndsWith("json", StringComparison.Ordinal)
                ? JsonSerializer.Deserialize<JsonElement>(value.Value)
                : value.Value;
        data.TryAdd(PlainTextFormatter.MimeType, values.FirstOrDefault()?.Value ?? "");
        return new MimeBundle(data);
    }

    static string Text(IReadOnlyCollection<FormattedValue> values) =>
        (values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType) ?? values.FirstOrDefault())?.Value ?? "";
}
