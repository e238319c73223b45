using Microsoft.FSharp.Collections;
using Plotly.NET;

namespace LlmInteractive.Scaling;

/// <summary>
/// Log-log charts of scaling sweeps with several series (one learning curve per model), as Plotly.NET figures; the
/// extension's GenericChart formatter shows them natively in VS Code / JupyterLab with an offline fallback.
/// </summary>
public static class ScalingCharts
{
    /// <summary>
    /// Validation loss against training compute C = 6ND for each run's learning curve, log-log, with an optional
    /// horizontal line at a known floor (the entropy rate of a synthetic source).
    /// </summary>
    public static GenericChart LossVersusCompute(
        IReadOnlyList<(string Name, IReadOnlyList<ScalingPoint> Points)> curves, string title, double? floor = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0 || curves.All(c => c.Points.Count == 0))
            throw new ArgumentException("Give at least one learning curve with points to plot.", nameof(curves));
        var traces = curves.Select(c => Line(
            c.Points.Select(p => p.Compute), c.Points.Select(p => p.Loss), c.Name, dashed: false)).ToList();
        if (floor is { } h)
        {
            var compute = curves.SelectMany(c => c.Points).Select(p => p.Compute).ToArray();
            traces.Add(Line([compute.Min(), compute.Max()], [h, h], $"floor H = {h:F3}", dashed: true));
        }
        var layout = new Layout();
        layout.SetProperty("title", Object(("text", title)));
        layout.SetProperty("xaxis", Object(("title", Object(("text", "training compute C = 6ND (FLOPs)"))), ("type", "log")));
        layout.SetProperty("yaxis", Object(("title", Object(("text", "validation loss (nats/token)"))), ("type", "log")));
        return GenericChart.NewMultiChart(ListModule.OfSeq(traces), layout, new Config(), new DisplayOptions());
    }

    // Plotly attributes set by name: Plotly.NET's typed C# surface needs every optional F# argument spelled out.
    private static Trace Line(IEnumerable<double> x, IEnumerable<double> y, string name, bool dashed)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("name", name);
        trace.SetProperty("mode", dashed ? "lines" : "lines+markers");
        if (dashed) trace.SetProperty("line", Object(("dash", "dash")));
        return trace;
    }

    private static DynamicObj.DynamicObj Object(params (string Name, object Value)[] properties)
    {
        var obj = new DynamicObj.DynamicObj();
        foreach (var (name, value) in properties) obj.SetProperty(name, value);
        return obj;
    }
}
