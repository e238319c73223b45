using System.Globalization;
using System.Text.Json.Nodes;
using LlmInteractive.Experiments;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// <c>sweep collect</c>: every done point as one row of a <see cref="SweepResults"/> table (the lab owns its format,
/// so notebooks read it back with <see cref="SweepResults.Read"/>): the point's id, its parameters, then every result
/// key (the union over the points, in the order first seen).
/// </summary>
public static class SweepTable
{
    public static SweepResults Collect(SweepFolder folder, SweepManifest manifest)
    {
        var columns = new List<string> { "point" };
        void Add(string column) { if (!columns.Contains(column)) columns.Add(column); }
        foreach (var point in manifest.Points) foreach (var (name, _) in point.Parameters) Add(name);
        var rows = new List<SweepResultsRow>();
        foreach (var point in manifest.Points)
        {
            if (!File.Exists(folder.ResultsPath(point))) continue;
            var row = new Dictionary<string, JsonNode?> { ["point"] = point.Id };
            foreach (var (name, value) in point.Parameters) row[name] = Typed(value);
            foreach (var (key, value) in JsonNode.Parse(File.ReadAllText(folder.ResultsPath(point)))!.AsObject())
            {
                // A result named like a parameter would hide it: it gets a prefix instead.
                var column = row.ContainsKey(key) ? "result_" + key : key;
                Add(column);
                row[column] = value?.DeepClone();
            }
            rows.Add(new SweepResultsRow(row));
        }
        return new SweepResults(columns, rows);
    }

    /// <summary>DIR/results.csv and DIR/results.json, each written by a rename.</summary>
    public static void Write(SweepResults table, string directory)
    {
        AtomicFile.Write(Path.Combine(directory, SweepResults.CsvFileName), table.Csv());
        AtomicFile.Write(Path.Combine(directory, SweepResults.JsonFileName), table.Json());
    }

    /// <summary>A parameter as the notebook saw it: a number or boolean literal stays one, anything else is text.</summary>
    static JsonNode? Typed(string value)
    {
        if (value is "true" or "false") return value == "true";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture));
        return value;
    }
}
