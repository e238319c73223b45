using Microsoft.FSharp.Collections;
using Plotly.NET;

namespace LlmInteractive.Experiments;

/// <summary>One named line of a chart; <paramref name="Markers"/> draws points only, <paramref name="Colour"/> (CSS, e.g.
/// "#1f77b4") ties series together, such as measured points and the curve fitted through them. An empty name keeps
/// the series out of the legend.</summary>
public sealed record LineSeries(
    string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false, bool Markers = false, string? Colour = null);

/// <summary>
/// Several lines on one titled chart (linear or log axes), as a Plotly.NET figure: the extension's GenericChart
/// formatter shows it natively in VS Code / JupyterLab with an offline fallback, nothing fetched from the internet.
/// </summary>
public static class LineCharts
{
    public static GenericChart Lines(IReadOnlyList<LineSeries> series, string title, string xTitle, string yTitle,
        bool logX = false, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0 || series.All(s => s.X.Count == 0))
            throw new ArgumentException("Give at least one series with points to plot.", nameof(series));
        foreach (var s in series)
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values; give one y per x.", nameof(series));

        var traces = series.Select(s =>
        {
            var trace = new Trace2D("scatter");
            trace.SetProperty("x", s.X.ToArray());
            trace.SetProperty("y", s.Y.ToArray());
            trace.SetProperty("name", s.Name);
            if (s.Name.Length == 0) trace.SetProperty("showlegend", false);
            trace.SetProperty("mode", s.Markers ? "markers" : s.Dashed || s.X.Count > 40 ? "lines" : "lines+markers");
            var line = new List<(string, object)>();
            if (s.Dashed) line.Add(("dash", "dash"));
            if (s.Colour is not null)
            {
                line.Add(("color", s.Colour));
                trace.SetProperty("marker", Object(("color", s.Colour), ("size", 8)));
            }
            else if (s.Markers) trace.SetProperty("marker", Object(("size", 8)));
            if (line.Count > 0) trace.SetProperty("line", Object([.. line]));
            return (Trace)trace;
        }).ToList();
        // Plotly attributes set by name: Plotly.NET's typed C# surface needs every optional F# argument spelled out.
        var layout = new Layout();
        layout.SetProperty("title", Object(("text", title)));
        layout.SetProperty("xaxis", Object(("title", Object(("text", xTitle))), ("type", logX ? "log" : "linear")));
        layout.SetProperty("yaxis", Object(("title", Object(("text", yTitle))), ("type", logY ? "log" : "linear")));
        return GenericChart.NewMultiChart(ListModule.OfSeq(traces), layout, new Config(), new DisplayOptions());
    }

    private static DynamicObj.DynamicObj Object(params (string Name, object Value)[] properties)
    {
        var obj = new DynamicObj.DynamicObj();
        foreach (var (name, value) in properties) obj.SetProperty(name, value);
        return obj;
    }
}
