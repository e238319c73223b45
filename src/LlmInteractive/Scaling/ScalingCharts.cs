using LlmInteractive.Experiments;
using Plotly.NET;

namespace LlmInteractive.Scaling;

/// <summary>Log-log charts of scaling sweeps with one learning curve per model.</summary>
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
        var series = curves.Select(c => new LineSeries(
            c.Name, c.Points.Select(p => p.Compute).ToList(), c.Points.Select(p => p.Loss).ToList())).ToList();
        if (floor is { } h)
        {
            var compute = curves.SelectMany(c => c.Points).Select(p => p.Compute).ToArray();
            series.Add(new LineSeries($"floor H = {h:F3}", [compute.Min(), compute.Max()], [h, h], Dashed: true));
        }
        return LineCharts.Lines(series, title, "training compute C = 6ND (FLOPs)", "validation loss (nats/token)", logX: true, logY: true);
    }
}
