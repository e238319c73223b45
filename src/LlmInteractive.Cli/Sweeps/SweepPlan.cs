using System.Text.Json;
using LlmInteractive.Cli.Notebooks;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>The points of a sweep from the command line: <c>--grid NAME=V1,V2</c> (cartesian product) and <c>--points FILE</c>.</summary>
public static class SweepPlan
{
    /// <summary>
    /// The cartesian product of the grids, the first one varying slowest (as nested loops in the order written).
    /// Throws <see cref="ArgumentException"/> for a malformed grid.
    /// </summary>
    public static IReadOnlyList<SweepPoint> Grid(IReadOnlyList<string> grids)
    {
        var axes = new List<(string Name, string[] Values)>();
        foreach (var (name, values) in NotebookParameters.Parse(grids))
        {
            var split = values.Split(',', StringSplitOptions.TrimEntries);
            if (split.Any(v => v.Length == 0))
                throw new ArgumentException($"--grid {name}={values} has an empty value; write e.g. --grid {name}=1,2,4.");
            if (axes.Any(a => a.Name == name))
                throw new ArgumentException($"--grid {name} is given twice; list all its values in one --grid {name}=V1,V2.");
            axes.Add((name, split));
        }
        // No axes is no points (not the one empty point of the cartesian product): the points come from --points.
        if (axes.Count == 0) return [];
        IEnumerable<List<(string, string)>> product = [[]];
        foreach (var (name, values) in axes)
            product = product.SelectMany(prefix => values.Select(v => new List<(string, string)>(prefix) { (name, v) }));
        return [.. product.Select(p => SweepPoint.Create(p))];
    }

    /// <summary>
    /// Points from a JSON file: an array of objects, each one point's parameters (<c>[{"seed": 1, "width": 32}, ...]</c>).
    /// Numbers and booleans keep their JSON text; strings are passed as strings. Throws <see cref="ArgumentException"/>.
    /// </summary>
    public static IReadOnlyList<SweepPoint> FromFile(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"--points {path} does not exist; write a JSON array of objects, e.g. [{{\"seed\": 1}}].");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--points {path} is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new ArgumentException($"--points {path} must hold a JSON array of objects, one per point.");
            var points = new List<SweepPoint>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    throw new ArgumentException($"--points {path}: every point must be a JSON object of NAME: VALUE, not {item.ValueKind}.");
                var pairs = item.EnumerateObject().Select(p => $"{p.Name}={Text(p.Value, path)}").ToList();
                points.Add(SweepPoint.Create(NotebookParameters.Parse(pairs)));
            }
            return points;
        }
    }

    static string Text(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new ArgumentException($"--points {path}: a parameter value must be a string, number or boolean, not {value.ValueKind}."),
    };

    /// <summary>Refuses two points with the same parameters: they would share a folder.</summary>
    public static void EnsureDistinct(IReadOnlyList<SweepPoint> points)
    {
        var duplicate = points.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"The point {duplicate.Key} is given {duplicate.Count()} times; each parameter set runs once.");
    }
}
