using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>
/// Papermill-style parameters for C# notebooks: <c>-p NAME=VALUE</c> becomes <c>var NAME = VALUE;</c> in a cell
/// tagged <c>injected-parameters</c>, placed after the cell tagged <c>parameters</c> (or first when there is none),
/// so it overrides the notebook's defaults.
/// </summary>
public static class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>Parses NAME=VALUE pairs; names must be C# identifiers.</summary>
    public static IReadOnlyList<(string Name, string Value)> Parse(IEnumerable<string> pairs)
    {
        var result = new List<(string, string)>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                throw new ArgumentException($"Parameter '{pair}' is not NAME=VALUE; write e.g. -p steps=100.");
            var name = pair[..equals].Trim();
            if (!Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name))
                throw new ArgumentException($"Parameter name '{name}' is not a C# identifier; use letters, digits and _ (not starting with a digit).");
            result.Add((name, pair[(equals + 1)..]));
        }
        return result;
    }

    /// <summary>The C# literal for a value: numbers and booleans as they are, anything else as a string literal.</summary>
    public static string ToCSharpLiteral(string value)
    {
        var trimmed = value.Trim();
        if (trimmed is "true" or "false") return trimmed;
        if (trimmed is "True" or "False") return trimmed.ToLowerInvariant();
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return integer is >= int.MinValue and <= int.MaxValue ? integer.ToString(CultureInfo.InvariantCulture) : integer.ToString(CultureInfo.InvariantCulture) + "L";
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            return real.ToString("R", CultureInfo.InvariantCulture) is var text && (text.Contains('.') || text.Contains('E')) ? text : text + ".0";
        return Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
    }

    /// <summary>Inserts (or replaces) the injected-parameters cell; returns its index, or -1 when there are no parameters.</summary>
    public static int Inject(Notebook notebook, IReadOnlyList<(string Name, string Value)> parameters)
    {
        if (parameters.Count == 0) return -1;
        var cells = notebook.Cells;
        // Re-running an executed notebook replaces the earlier injection instead of stacking another.
        for (var i = cells.Count - 1; i >= 0; i--)
            if (cells[i] is JsonObject old && Notebook.HasTag(old, InjectedTag)) cells.RemoveAt(i);

        var source = new StringBuilder("// Parameters\n");
        foreach (var (name, value) in parameters) source.Append($"var {name} = {ToCSharpLiteral(value)};\n");
        var cell = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = Notebook.NewCellId(notebook.CellIds()),
            ["metadata"] = new JsonObject { ["tags"] = new JsonArray(InjectedTag) },
            ["outputs"] = new JsonArray(),
            ["source"] = source.ToString().TrimEnd('\n'),
        };
        var parametersCell = -1;
        for (var i = 0; i < cells.Count; i++)
            if (cells[i] is JsonObject c && Notebook.HasTag(c, ParametersTag)) { parametersCell = i; break; }
        cells.Insert(parametersCell + 1, cell);
        return parametersCell + 1;
    }
}
