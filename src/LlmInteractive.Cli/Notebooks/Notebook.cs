using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>
/// An .ipynb file as JSON (unknown fields kept as they are), upgraded to nbformat 4.5: every cell gets an id.
/// </summary>
public sealed class Notebook
{
    Notebook(string path, JsonObject document)
    {
        Path = path;
        Document = document;
    }

    public string Path { get; }
    public JsonObject Document { get; }
    public JsonArray Cells => Document["cells"]!.AsArray();

    public static Notebook Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook '{path}' does not exist; pass the path of an .ipynb file.", path);
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Notebook '{path}' is not valid JSON ({e.Message}); open and re-save it in Jupyter.", e);
        }
        if (document?["cells"] is not JsonArray cells)
            throw new InvalidDataException($"Notebook '{path}' has no \"cells\" array; it must be an nbformat 4 notebook.");
        if (document["nbformat"]?.GetValue<int>() is not 4)
            throw new InvalidDataException($"Notebook '{path}' is not nbformat 4; convert it with `jupyter nbconvert --to notebook`.");
        document["nbformat_minor"] = Math.Max(5, document["nbformat_minor"]?.GetValue<int>() ?? 0);
        document["metadata"] ??= new JsonObject();
        var used = new HashSet<string>();
        foreach (var cell in cells.OfType<JsonObject>())
        {
            // nbformat 4.5: ids are unique, 1-64 characters of [a-zA-Z0-9-_].
            var id = cell["id"]?.GetValue<string>();
            if (id is null || !used.Add(id)) cell["id"] = NewCellId(used);
            cell["metadata"] ??= new JsonObject();
            if (cell["cell_type"]?.GetValue<string>() == "code")
            {
                cell["outputs"] ??= new JsonArray();
                if (!cell.ContainsKey("execution_count")) cell["execution_count"] = null;
            }
        }
        return new Notebook(path, document);
    }

    /// <summary>
    /// Refuses a notebook written for another kernel (a python3 notebook would fail cell after cell as C#). A
    /// notebook that names no kernel or language is taken as C#.
    /// </summary>
    public void EnsureCSharp()
    {
        var metadata = Document["metadata"] as JsonObject;
        var kernelName = Text(metadata?["kernelspec"]?["name"]);
        var language = Text(metadata?["kernelspec"]?["language"]) ?? Text(metadata?["language_info"]?["name"]);
        var isCSharp = kernelName == "llm-csharp"
                       || language?.ToLowerInvariant() is "csharp" or "c#"
                       || (language is null && (kernelName is null || kernelName.Contains("csharp", StringComparison.OrdinalIgnoreCase)));
        if (!isCSharp)
            throw new InvalidDataException(
                $"Notebook '{Path}' is for the {kernelName ?? language} kernel (language {language ?? "unknown"}), not C#; " +
                "run it with its own kernel (jupyter nbconvert --execute), or choose the kernel \"C# (LLM Interactive)\" in Jupyter and save it.");
    }

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    public static string NewCellId(HashSet<string> used)
    {
        string id;
        do id = Guid.NewGuid().ToString("N")[..8]; while (!used.Add(id));
        return id;
    }

    public HashSet<string> CellIds() => [.. Cells.OfType<JsonObject>().Select(c => c["id"]!.GetValue<string>())];

    /// <summary>A cell's source as one string (nbformat allows a string or a list of lines).</summary>
    public static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    public static bool HasTag(JsonObject cell, string tag) =>
        cell["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t?.GetValue<string>() == tag);

    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, Document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}
