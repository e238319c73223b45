using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Experiments;

/// <summary>
/// The table <c>llm-interactive sweep collect DIR</c> writes and a notebook reads back: DIR/results.json, an array
/// with one object per done point (<c>point</c>, the point's parameters, then its results), and DIR/results.csv,
/// the same cells under a header. This class is the format's one owner: the CLI writes through it, notebooks read
/// through it.
/// </summary>
public sealed class SweepResults
{
    public const string JsonFileName = "results.json";
    public const string CsvFileName = "results.csv";

    public SweepResults(IReadOnlyList<string> columns, IReadOnlyList<SweepResultsRow> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary><c>point</c>, the parameters, then every result key (the union over the points, in the order first seen).</summary>
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<SweepResultsRow> Rows { get; }

    /// <summary>Reads DIR/results.json of a collected sweep folder.</summary>
    public static SweepResults Read(string sweepFolder)
    {
        var path = Path.Combine(sweepFolder, JsonFileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{sweepFolder} has no {JsonFileName}: collect the sweep first with `llm-interactive sweep collect {sweepFolder}`.", path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>The table from the text of a results.json.</summary>
    public static SweepResults Parse(string json)
    {
        var columns = new List<string>();
        var rows = new List<SweepResultsRow>();
        foreach (var item in JsonNode.Parse(json)!.AsArray())
        {
            var cells = new Dictionary<string, JsonNode?>();
            foreach (var (column, value) in item!.AsObject())
            {
                if (!columns.Contains(column)) columns.Add(column);
                cells[column] = value?.DeepClone();
            }
            rows.Add(new SweepResultsRow(cells));
        }
        return new SweepResults(columns, rows);
    }

    /// <summary>The text of DIR/results.json (the CLI writes it, and <see cref="Csv"/>, atomically).</summary>
    public string Json()
    {
        var json = new JsonArray([.. Rows.Select(row => (JsonNode)new JsonObject(
            Columns.Where(row.Has).Select(c => KeyValuePair.Create(c, row.Cell(c)?.DeepClone()))))]);
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public string Csv()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(Escape)).Append('\n');
        foreach (var row in Rows)
            text.AppendJoin(',', Columns.Select(c => Escape(row.Has(c) ? CsvCell(row.Cell(c)) : ""))).Append('\n');
        return text.ToString();
    }

    static string CsvCell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    static string Escape(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}

/// <summary>One done point of a collected sweep: its cells by column.</summary>
public sealed class SweepResultsRow(IReadOnlyDictionary<string, JsonNode?> cells)
{
    /// <summary>The point's id (its parameters, e.g. <c>layers=1,width=16</c>).</summary>
    public string Point => Text("point");

    public bool Has(string column) => cells.ContainsKey(column);

    public JsonNode? Cell(string column) => cells.TryGetValue(column, out var value) ? value : null;

    /// <summary>A numeric cell; throws <see cref="KeyNotFoundException"/> naming the point when the column is missing.</summary>
    public double Number(string column) => cells.TryGetValue(column, out var value) && value is JsonValue number
        ? number.TryGetValue<double>(out var d) ? d : double.Parse(number.ToString(), CultureInfo.InvariantCulture)
        : throw new KeyNotFoundException($"The sweep point {(cells.ContainsKey("point") ? Point : "?")} has no number '{column}'.");

    public string Text(string column) => cells.TryGetValue(column, out var value) && value is not null
        ? value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString()
        : throw new KeyNotFoundException($"The sweep point has no '{column}'.");
}
