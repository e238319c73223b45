using System.Text.Json;
using LlmInteractive.Experiments;
using Plotly.NET;

namespace LlmInteractive.Views;

/// <summary>
/// Offline renderings of a Plotly.NET chart: the figure JSON for application/vnd.plotly.v1+json, and an inline SVG
/// of its x/y traces for front ends without a Plotly renderer (no plotly.js from a CDN).
/// </summary>
public static class PlotlyFallback
{
    /// <summary>{"data": [...], "layout": {...}} as Plotly's mime renderer expects.</summary>
    public static string FigureJson(GenericChart chart) => GenericChart.toFigureJson(chart);

    public static string Html(GenericChart chart) => $"<div class=\"llmi-plot\">{Svg(chart, out var skipped)}{(skipped > 0
        ? $"<div style=\"font:11px system-ui;color:#888\">{skipped} trace(s) of other kinds are shown only by a Plotly renderer.</div>"
        : "")}</div>";

    /// <summary>The chart's x/y traces as a standalone SVG (for image/svg+xml, e.g. GitHub's notebook preview).</summary>
    public static string Svg(GenericChart chart) => Svg(chart, out _);

    static string Svg(GenericChart chart, out int skipped)
    {
        using var figure = JsonDocument.Parse(FigureJson(chart));
        var root = figure.RootElement;
        var layout = root.TryGetProperty("layout", out var l) ? l : default;
        var series = new List<LineSeries>();
        skipped = 0;
        foreach (var trace in root.GetProperty("data").EnumerateArray())
        {
            if (!trace.TryGetProperty("x", out var x) || !trace.TryGetProperty("y", out var y) || x.ValueKind != JsonValueKind.Array || !Numeric(x) || !Numeric(y))
            {
                skipped++;
                continue;
            }
            var name = trace.TryGetProperty("name", out var n) ? n.GetString() ?? $"trace {series.Count}" : $"trace {series.Count}";
            var mode = trace.TryGetProperty("mode", out var m) ? m.GetString() ?? "lines" : "lines";
            var hasLine = trace.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Object;
            var dashed = hasLine && line.TryGetProperty("dash", out var dash) && dash.GetString() is "dash" or "dot" or "dashdot";
            var colour = hasLine && line.TryGetProperty("color", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
                : trace.TryGetProperty("marker", out var marker) && marker.ValueKind == JsonValueKind.Object
                  && marker.TryGetProperty("color", out var mc) && mc.ValueKind == JsonValueKind.String ? mc.GetString() : null;
            series.Add(new LineSeries(name, Values(x), Values(y), Dashed: dashed, Markers: !mode.Contains("lines", StringComparison.Ordinal), Colour: colour));
        }
        return SvgLineChart.Render(series, Text(layout, "title"), Text(Axis(layout, "xaxis"), "title"), Text(Axis(layout, "yaxis"), "title"),
            logX: IsLog(Axis(layout, "xaxis")), logY: IsLog(Axis(layout, "yaxis")));
    }

    public static string Text(GenericChart chart)
    {
        using var figure = JsonDocument.Parse(FigureJson(chart));
        var traces = figure.RootElement.GetProperty("data").EnumerateArray()
            .Select(t => t.TryGetProperty("name", out var n) ? n.GetString() : t.TryGetProperty("type", out var ty) ? ty.GetString() : "trace")
            .Where(name => !string.IsNullOrEmpty(name)).ToArray();   // unnamed traces (kept out of the legend) are not listed
        var title = figure.RootElement.TryGetProperty("layout", out var l) ? Text(l, "title") : null;
        return $"Plotly chart{(title is null ? "" : $" '{title}'")}: {traces.Length} trace(s): {string.Join(", ", traces)}";
    }

    static bool Numeric(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array && array.EnumerateArray().All(v => v.ValueKind is JsonValueKind.Number or JsonValueKind.Null);

    static double[] Values(JsonElement array) =>
        array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();

    static JsonElement Axis(JsonElement layout, string name) =>
        layout.ValueKind == JsonValueKind.Object && layout.TryGetProperty(name, out var axis) ? axis : default;

    static bool IsLog(JsonElement axis) =>
        axis.ValueKind == JsonValueKind.Object && axis.TryGetProperty("type", out var type) && type.GetString() == "log";

    /// <summary>A title given either as a string or as {"text": ...}.</summary>
    static string? Text(JsonElement owner, string property)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(property, out var title)) return null;
        return title.ValueKind switch
        {
            JsonValueKind.String => title.GetString(),
            JsonValueKind.Object when title.TryGetProperty("text", out var text) => text.GetString(),
            _ => null,
        };
    }
}
