using Plotly.NET;
using LlmInteractive.Experiments;
using LlmInteractive.Training;

namespace LlmInteractive.Views;

/// <summary>A named loss curve: loss against step (or tokens, or FLOPs).</summary>
public sealed record LossCurve(string Name, IReadOnlyList<double> Steps, IReadOnlyList<double> Losses);

/// <summary>
/// Loss curves and log-log fits for the notebooks, drawn by the lab's <see cref="LineCharts"/> (one chart model, a
/// Plotly.NET figure). They display as application/vnd.plotly.v1+json (rendered natively by VS Code and JupyterLab)
/// with an inline-SVG text/html fallback: nothing is fetched from the internet.
/// </summary>
public static class Plots
{
    /// <summary>Training (and validation) loss curves on one chart; <paramref name="logY"/> for long runs.</summary>
    public static GenericChart LossCurves(IEnumerable<LossCurve> curves, string xTitle = "step", string yTitle = "loss", bool logY = false)
    {
        var lines = curves.Select(c =>
        {
            if (c.Steps.Count != c.Losses.Count)
                throw new ArgumentException($"Loss curve '{c.Name}' has {c.Steps.Count} steps but {c.Losses.Count} losses; give one loss per step.");
            return new LineSeries(c.Name, c.Steps, c.Losses);
        }).ToList();
        if (lines.Count == 0) throw new ArgumentException("Give at least one loss curve.", nameof(curves));
        return LineCharts.Lines(lines, "Loss", xTitle, yTitle, logX: false, logY);
    }

    public static GenericChart LossCurves(params LossCurve[] curves) => LossCurves(curves.AsEnumerable());

    /// <summary>Training and validation loss of one or more runs, named "NAME train" / "NAME validation".</summary>
    public static GenericChart LossCurves(params (string Name, TrainingResult Result)[] runs) =>
        LossCurves(runs.SelectMany(run => new[]
        {
            Curve($"{run.Name} train", run.Result.TrainingLoss),
            Curve($"{run.Name} validation", run.Result.ValidationLoss),
        }).Where(c => c.Steps.Count > 0), logY: false);

    static LossCurve Curve(string name, IReadOnlyList<LossPoint> points) =>
        new(name, points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Loss).ToArray());

    /// <summary>
    /// Points on log-log axes with a fitted curve over them: <paramref name="fit"/> when given (e.g. a Chinchilla-style
    /// L(N) = E + A/N^α from the lab), else a power law fitted here (<see cref="PowerLawFit"/>).
    /// </summary>
    public static GenericChart LogLog(IReadOnlyList<double> x, IReadOnlyList<double> y, string xTitle = "x", string yTitle = "y",
        Func<double, double>? fit = null, string? fitName = null, string title = "Scaling")
    {
        if (x.Count != y.Count) throw new ArgumentException($"LogLog needs one y per x; got {x.Count} x values and {y.Count} y values.");
        var positive = x.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (positive.Length < 2)
            throw new ArgumentException("LogLog needs at least two positive, finite x values (log axes cannot show zero or negative values).", nameof(x));
        if (fit is null)
        {
            var power = PowerLawFit.Fit(x, y);
            fit = power.Predict;
            fitName ??= $"fit: {power}";
        }
        // The fitted curve is drawn over the data's x range at evenly spaced log positions.
        double lo = Math.Log10(positive.Min()), hi = Math.Log10(positive.Max());
        var fx = Enumerable.Range(0, 64).Select(i => Math.Pow(10, lo + (hi - lo) * i / 63)).ToArray();
        var fy = fx.Select(fit).ToArray();
        return LineCharts.Lines(
        [
            new LineSeries("measured", x, y, Markers: true),
            new LineSeries(fitName ?? "fit", fx, fy, Dashed: true),
        ], title, xTitle, yTitle, logX: true, logY: true);
    }
}
