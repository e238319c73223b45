using System.Text.Json;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.DotNetInteractive;

/// <summary>What a magic or view outputs, as events of the .NET Interactive command that runs it.</summary>
sealed class InvocationOutput(KernelInvocationContext context) : IExecutionOutput
{
    public void Stream(string name, string text)
    {
        var value = new[] { new FormattedValue(PlainTextFormatter.MimeType, text) };
        context.Publish(name == "stderr"
            ? new StandardErrorValueProduced(context.Command, value)
            : new StandardOutputValueProduced(context.Command, value));
    }

    public void Display(MimeBundle bundle, string? displayId, bool update)
    {
        var values = bundle.Data.Select(entry => new FormattedValue(entry.Key, entry.Value switch
        {
            string text => text,
            JsonElement json => json.GetRawText(),
            var other => other.ToString() ?? "",
        })).ToList();
        var id = displayId ?? Guid.NewGuid().ToString("N");
        context.Publish(update
            ? new DisplayedValueUpdated(null, id, context.Command, values)
            : new DisplayedValueProduced(null, context.Command, values, id));
    }

    /// <summary>.NET Interactive has no event that clears a command's outputs; views replace theirs by display id instead.</summary>
    public void Clear(bool wait) { }
}
