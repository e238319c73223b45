using System.Text.Json;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Display;

/// <summary>Turns values into Jupyter mime bundles with Microsoft.DotNet.Interactive.Formatting.</summary>
public static class MimeBundles
{
    /// <summary>
    /// Formats <paramref name="value"/> once per mime type: the given ones, else the Formatter's preferred ones for
    /// its type; text/plain is always present. Types ending in "json" are embedded as JSON, as Jupyter expects.
    /// </summary>
    public static MimeBundle From(object? value, params string[] mimeTypes)
    {
        var types = mimeTypes.Length > 0
            ? mimeTypes
            : Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)).ToArray();
        var data = new Dictionary<string, object>();
        foreach (var mimeType in types.Append(PlainTextFormatter.MimeType).Distinct())
            data[mimeType] = Embed(mimeType, value.ToDisplayString(mimeType));
        return new MimeBundle(data);
    }

    /// <summary>The bundle of a value the Formatter displayed: its formatted values, plus text/plain if it has none.</summary>
    public static MimeBundle From(DisplayedValue shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var data = new Dictionary<string, object>();
        foreach (var formatted in shown.FormattedValues) data[formatted.MimeType] = Embed(formatted.MimeType, formatted.Value);
        if (!data.ContainsKey(PlainTextFormatter.MimeType))
            data[PlainTextFormatter.MimeType] = shown.Value.ToDisplayString(PlainTextFormatter.MimeType);
        return new MimeBundle(data);
    }

    static object Embed(string mimeType, string text) =>
        mimeType.EndsWith("json", StringComparison.Ordinal) ? JsonSerializer.Deserialize<JsonElement>(text) : text;
}
