using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// <c>sweep collect</c>: every done point as one row, DIR/results.csv and DIR/results.json: the point's id, its
/// parameters, then every result key (the union over the points, in the order first seen).
/// </summary>
public static class SweepTable
{
    public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, JsonNode?>> Rows);

    public static Table Collect(SweepFolder folder, SweepManifest manifest)
    {
        var columns = new List<string> { "point" };
        void Add(string column) { if (!columns.Contains(column)) columns.Add(column); }
        foreach (var point in manifest.Points) foreach (var (name, _) in point.Parameters) Add(name);
        var rows = new List<IReadOnlyDictionary<string, JsonNode?>>();
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
            rows.Add(row);
        }
        return new Table(columns, rows);
    }

    public static void Write(Table table, string directory)
    {
        AtomicFile.Write(Path.Combine(directory, "results.csv"), Csv(table));
        var json = new JsonArray([.. table.Rows.Select(row => (JsonNode)new JsonObject(
            table.Columns.Where(row.ContainsKey).Select(c => KeyValuePair.Create(c, row[c]?.DeepClone()))))]);
        AtomicFile.Write(Path.Combine(directory, "results.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static string Csv(Table table)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Columns.Select(Escape)).Append('\n');
        foreach (var row in table.Rows)
            text.AppendJoin(',', table.Columns.Select(c => Escape(row.TryGetValue(c, out var v) ? Cell(v) : ""))).Append('\n');
        return text.ToString();
    }

    /// <summary>A parameter as the notebook saw it: a number or boolean literal stays one, anything else is text.</summary>
    static JsonNode? Typed(string value)
    {
        if (value is "true" or "false") return value == "true";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture));
        return value;
    }

    static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    static string Escape(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
