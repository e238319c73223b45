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
        {
            var text = value.ToDisplayString(mimeType);
            data[mimeType] = mimeType.EndsWith("json", StringComparison.Ordinal)
                ? JsonSerializer.Deserialize<JsonElement>(text)
                : text;
        }
        return new MimeBundle(data);
    }
}
