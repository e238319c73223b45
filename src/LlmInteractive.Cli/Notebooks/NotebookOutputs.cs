using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>
/// Turns a cell's iopub messages into nbformat outputs, as nbclient does: streams of the same name merged,
/// update_display_data applied to every output (in any cell) shown with that display_id, clear_output honoured.
/// </summary>
public sealed class NotebookOutputs
{
    readonly Dictionary<string, List<JsonObject>> byDisplayId = [];
    JsonArray? current;
    bool clearOnNextOutput;

    /// <summary>Starts collecting into <paramref name="cell"/>, dropping the outputs of an earlier run.</summary>
    public void BeginCell(JsonObject cell)
    {
        current = new JsonArray();
        cell["outputs"] = current;
        cell["execution_count"] = null;
        clearOnNextOutput = false;
    }

    /// <summary>Applies one iopub message of the running cell.</summary>
    public void Apply(JsonObject cell, JupyterMessage message)
    {
        if (current is null) throw new InvalidOperationException("Call BeginCell before applying outputs.");
        var content = message.Content;
        switch (message.MessageType)
        {
            case "execute_input":
                cell["execution_count"] = content["execution_count"]?.DeepClone();
                break;
            case "stream":
                ClearIfWaiting();
                var name = message.GetString("name", "stdout");
                var text = message.GetString("text");
                if (current.Count > 0 && current[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == name)
                    last["text"] = last["text"]!.GetValue<string>() + text;
                else
                    current.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
                break;
            case "display_data":
                ClearIfWaiting();
                var display = Rich("display_data", content);
                current.Add(display);
                if (content["transient"]?["display_id"]?.GetValue<string>() is { } id)
                {
                    if (!byDisplayId.TryGetValue(id, out var shown)) byDisplayId[id] = shown = [];
                    shown.Add(display);
                }
                break;
            case "update_display_data":
                if (content["transient"]?["display_id"]?.GetValue<string>() is { } updated && byDisplayId.TryGetValue(updated, out var targets))
                    foreach (var target in targets)
                    {
                        target["data"] = content["data"]?.DeepClone() ?? new JsonObject();
                        target["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject();
                    }
                break;
            case "execute_result":
                ClearIfWaiting();
                var result = Rich("execute_result", content);
                result["execution_count"] = content["execution_count"]?.DeepClone();
                current.Add(result);
                break;
            case "error":
                ClearIfWaiting();
                current.Add(new JsonObject
                {
                    ["output_type"] = "error", ["ename"] = content["ename"]?.DeepClone(), ["evalue"] = content["evalue"]?.DeepClone(),
                    ["traceback"] = content["traceback"]?.DeepClone() ?? new JsonArray(),
                });
                break;
            case "clear_output":
                if (message.GetBool("wait", false)) clearOnNextOutput = true;
                else Clear();
                break;
        }
    }

    void ClearIfWaiting()
    {
        if (!clearOnNextOutput) return;
        clearOnNextOutput = false;
        Clear();
    }

    void Clear()
    {
        // Cleared outputs no longer receive display updates.
        foreach (var shown in byDisplayId.Values) shown.RemoveAll(o => current!.Contains(o));
        current!.Clear();
    }

    static JsonObject Rich(string outputType, JsonObject content) => new()
    {
        ["output_type"] = outputType,
        ["data"] = content["data"]?.DeepClone() ?? new JsonObject(),
        ["metadata"] = content["metadata"]?.DeepClone() ?? new JsonObject(),
    };
}
