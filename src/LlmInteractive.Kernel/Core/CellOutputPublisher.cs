using System.Text.Json;
using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// What a running cell writes, published on iopub with the execute_request as parent: stream, display_data,
/// update_display_data, clear_output. A silent request publishes nothing. Input requests go to <paramref name="input"/>,
/// null when the request does not allow stdin.
/// </summary>
sealed class CellOutputPublisher(Action<JupyterMessage> publish, JupyterMessage request, bool silent, InputRequests? input) : IExecutionOutput
{
    public Task<string> RequestInputAsync(string prompt, bool password, CancellationToken cancellation) =>
        input is null
            ? throw new InvalidOperationException(IExecutionOutput.InputNotAllowed)
            : input.AskAsync(request, prompt, password, cancellation);

    public void Stream(string name, string text)
    {
        if (silent || text.Length == 0) return;
        if (name is not ("stdout" or "stderr"))
            throw new ArgumentException($"Stream name '{name}' is not one Jupyter knows; use \"stdout\" or \"stderr\".", nameof(name));
        publish(request.Reply("stream", new JsonObject { ["name"] = name, ["text"] = text }));
    }

    public void Display(MimeBundle bundle, string? displayId, bool update)
    {
        if (update && string.IsNullOrEmpty(displayId))
            throw new ArgumentException("update_display_data needs the display_id of the display to replace; pass the id the first Display returned.", nameof(displayId));
        if (silent) return;
        var content = ToContent(bundle);
        content["transient"] = displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId };
        publish(request.Reply(update ? "update_display_data" : "display_data", content));
    }

    public void Clear(bool wait)
    {
        if (!silent) publish(request.Reply("clear_output", new JsonObject { ["wait"] = wait }));
    }

    /// <summary>{data, metadata} of a mime bundle; values already JSON (JsonElement) are embedded as JSON.</summary>
    public static JsonObject ToContent(MimeBundle bundle) => new()
    {
        ["data"] = ToJsonObject(bundle.Data),
        ["metadata"] = bundle.Metadata is null ? new JsonObject() : ToJsonObject(bundle.Metadata),
    };

    static JsonObject ToJsonObject(IReadOnlyDictionary<string, object> values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values)
            result[key] = value switch
            {
                string s => JsonValue.Create(s),
                JsonNode node => node.DeepClone(),
                _ => JsonSerializer.SerializeToNode(value, value.GetType()),
            };
        return result;
    }
}
