using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// DIR/sweep.json: the notebook and the points, in a fixed order, so <c>status</c>, <c>collect</c> and each Slurm
/// array task (whose index is a position in <see cref="Points"/>) work from the folder alone.
/// </summary>
public sealed record SweepManifest(string Notebook, IReadOnlyList<SweepPoint> Points, double? CellTimeoutSeconds)
{
    public const string FileName = "sweep.json";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static SweepManifest Load(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) throw new FileNotFoundException($"{directory} is not a sweep folder (no {FileName}); start one with `llm-interactive sweep NOTEBOOK --grid NAME=V1,V2 --out {directory}`.", path);
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var points = document["points"]!.AsArray().Select(p => new SweepPoint(
            p!["id"]!.GetValue<string>(),
            [.. p["parameters"]!.AsObject().Select(kv => (kv.Key, kv.Value!.GetValue<string>()))])).ToList();
        return new SweepManifest(document["notebook"]!.GetValue<string>(), points, document["cellTimeoutSeconds"]?.GetValue<double>());
    }

    public void Save(string directory)
    {
        var document = new JsonObject
        {
            ["notebook"] = Notebook,
            ["cellTimeoutSeconds"] = CellTimeoutSeconds,
            ["points"] = new JsonArray([.. Points.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["parameters"] = new JsonObject(p.Parameters.Select(kv => KeyValuePair.Create(kv.Name, (JsonNode?)kv.Value))),
            })]),
        };
        AtomicFile.Write(PathIn(directory), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>
    /// This sweep run again on a folder that has one: the same notebook, the earlier points kept at their indices
    /// (Slurm array indices stay valid) and new points appended. Another notebook is refused.
    /// </summary>
    public SweepManifest MergeInto(SweepManifest? existing)
    {
        if (existing is null) return this;
        if (existing.Notebook != Notebook)
            throw new ArgumentException($"The sweep folder already runs {existing.Notebook}, not {Notebook}; use another --out.");
        var known = existing.Points.Select(p => p.Id).ToHashSet();
        return existing with { Points = [.. existing.Points, .. Points.Where(p => !known.Contains(p.Id))], CellTimeoutSeconds = CellTimeoutSeconds };
    }
}
