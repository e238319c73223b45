using LlmInteractive.Experiments;
using Plotly.NET;

namespace LlmInteractive.Scaling;

/// <summary>A horizontal line at a known loss: the entropy rate of a synthetic source, or a unigram / bigram baseline.</summary>
public sealed record ReferenceLoss(string Name, double Loss);

/// <summary>Charts of scaling sweeps: learning curves against compute, iso-FLOP profiles and the optimal size against compute.</summary>
public static class ScalingCharts
{
    // Plotly's default palette, so a budget's points, parabola and optimum share one colour in both renderings.
    static readonly string[] palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
    static readonly string[] referenceColours = ["#222222", "#7f7f7f", "#bcbd22", "#8c564b"];

    /// <summary>
    /// Validation loss against training compute C = FLOPs-per-token·D for each run's learning curve, log-log, with
    /// horizontal lines at known references (a source's entropy rate, n-gram baselines).
    /// </summary>
    public static GenericChart LossVersusCompute(
        IReadOnlyList<(string Name, IReadOnlyList<ScalingPoint> Points)> curves, string title, double? floor = null,
        IReadOnlyList<ReferenceLoss>? references = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0 || curves.All(c => c.Points.Count == 0))
            throw new ArgumentException("Give at least one learning curve with points to plot.", nameof(curves));
        var series = curves.Select((c, i) => new LineSeries(
            c.Name, c.Points.Select(p => p.Compute).ToList(), c.Points.Select(p => p.Loss).ToList(), Colour: palette[i % palette.Length])).ToList();
        var compute = curves.SelectMany(c => c.Points).Select(p => p.Compute).ToArray();
        var lines = new List<ReferenceLoss>(references ?? []);
        if (floor is { } h) lines.Insert(0, new ReferenceLoss("floor H", h));
        series.AddRange(References(lines, compute.Min(), compute.Max()));
        return LineCharts.Lines(series, title, "training compute C (FLOPs)", "validation loss (nats/token)", logX: true, logY: true);
    }

    /// <summary>
    /// Chinchilla's iso-FLOP figure: for each budget, the final loss of every size trained to it (points), the parabola
    /// in ln N fitted through them (dashed) and its vertex; log N on x, loss on a linear y axis; optionally a held-out run.
    /// </summary>
    public static GenericChart IsoFlopProfiles(
        IReadOnlyList<IsoFlopProfile> profiles, string title, IReadOnlyList<ReferenceLoss>? references = null,
        ScalingPoint? heldOut = null, double? heldOutPrediction = null, string yTitle = "final validation loss (nats/token)")
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0) throw new ArgumentException("Give at least one iso-FLOP profile.", nameof(profiles));
        var series = new List<LineSeries>();
        double nMin = profiles.Min(p => p.Runs.Min(r => r.Parameters)), nMax = profiles.Max(p => p.Runs.Max(r => r.Parameters));
        if (heldOut is not null) { nMin = Math.Min(nMin, heldOut.Parameters); nMax = Math.Max(nMax, heldOut.Parameters); }
        for (var i = 0; i < profiles.Count; i++)
        {
            var p = profiles[i];
            var colour = palette[i % palette.Length];
            var label = $"C = {p.Compute:0.0e0}";
            var runs = p.Runs.OrderBy(r => r.Parameters).ToList();
            series.Add(new LineSeries(label, runs.Select(r => r.Parameters).ToList(), runs.Select(r => r.Loss).ToList(), Markers: true, Colour: colour));
            double lo = Math.Log(runs[0].Parameters / 1.2), hi = Math.Log(runs[^1].Parameters * 1.2);
            var u = Enumerable.Range(0, 48).Select(k => Math.Exp(lo + (hi - lo) * k / 47)).ToList();
            series.Add(new LineSeries("", u, u.Select(p.Predict).ToList(), Dashed: true, Colour: colour));   // the parabola, in its budget's colour
        }
        var optima = profiles.Where(p => p.HasMinimum).ToList();
        if (optima.Count > 0)
            series.Add(new LineSeries("parabola minima", optima.Select(p => p.OptimalParameters).ToList(),
                optima.Select(p => p.MinimumLoss).ToList(), Colour: "#000000"));
        if (heldOut is not null)
        {
            if (heldOutPrediction is { } predicted)
                series.Add(new LineSeries("held-out: predicted before training", [heldOut.Parameters], [predicted], Markers: true, Colour: "#000000"));
            series.Add(new LineSeries($"held-out run, C = {heldOut.Compute:0.0e0}: measured", [heldOut.Parameters], [heldOut.Loss],
                Markers: true, Colour: "#d62728"));
        }
        series.AddRange(References(references ?? [], nMin / 1.2, nMax * 1.2));
        return LineCharts.Lines(series, title, "parameters N (log scale)", yTitle, logX: true, logY: false);
    }

    /// <summary>
    /// The vertex N_opt of each iso-FLOP profile against its budget C, log-log, with the fitted power law N_opt = k·C^a
    /// drawn out to <paramref name="extendTo"/> (the held-out budget) when given.
    /// </summary>
    public static GenericChart OptimalParametersVersusCompute(IsoFlopAnalysis analysis, string title, double? extendTo = null,
        (double Compute, double Parameters)? heldOut = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var used = analysis.Used.OrderBy(p => p.Compute).ToList();
        var series = new List<LineSeries>
        {
            new("parabola vertex N_opt(C)", used.Select(p => p.Compute).ToList(), used.Select(p => p.OptimalParameters).ToList(),
                Markers: true, Colour: palette[0]),
        };
        double c0 = used[0].Compute / 1.3, c1 = Math.Max(used[^1].Compute * 1.3, extendTo ?? 0);
        var c = Enumerable.Range(0, 32).Select(k => c0 * Math.Pow(c1 / c0, k / 31.0)).ToList();
        series.Add(new LineSeries($"fit N_opt ∝ C^{analysis.Exponent:F2}", c, c.Select(analysis.OptimalParameters).ToList(),
            Dashed: true, Colour: palette[0]));
        if (heldOut is { } h)
            series.Add(new LineSeries("held-out run's size", [h.Compute], [h.Parameters], Markers: true, Colour: "#d62728"));
        return LineCharts.Lines(series, title, "compute budget C (FLOPs)", "compute-optimal parameters N_opt", logX: true, logY: true);
    }

    /// <summary>
    /// The compute-efficient frontier: each iso-FLOP profile's minimum loss against its budget, log-log, with a fitted
    /// law drawn out to <paramref name="extendTo"/>, and a held-out run's prediction beside its measurement.
    /// </summary>
    /// <param name="inFit">Which minima the law was fitted on; the others are drawn hollow-coloured and named as left out.</param>
    public static GenericChart LossFrontier(IReadOnlyList<IsoFlopProfile> profiles, Func<double, double> law, string lawName, string title,
        double? extendTo = null, ScalingPoint? heldOut = null, double? heldOutPrediction = null, IReadOnlyList<ReferenceLoss>? references = null,
        Func<IsoFlopProfile, bool>? inFit = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(law);
        var used = profiles.Where(p => p.HasMinimum).OrderBy(p => p.Compute).ToList();
        if (used.Count == 0) throw new ArgumentException("No profile has a minimum to plot.", nameof(profiles));
        var fitted = used.Where(p => inFit?.Invoke(p) ?? true).ToList();
        var left = used.Except(fitted).ToList();
        var series = new List<LineSeries>
        {
            new("parabola minimum L_opt(C), in the fit", fitted.Select(p => p.Compute).ToList(), fitted.Select(p => p.MinimumLoss).ToList(),
                Markers: true, Colour: palette[0]),
        };
        if (left.Count > 0)
            series.Add(new LineSeries("minimum left out of the fit", left.Select(p => p.Compute).ToList(), left.Select(p => p.MinimumLoss).ToList(),
                Markers: true, Colour: "#aec7e8"));
        double c0 = used[0].Compute / 1.3, c1 = Math.Max(used[^1].Compute * 1.3, (extendTo ?? 0) * 1.1);
        var c = Enumerable.Range(0, 40).Select(k => c0 * Math.Pow(c1 / c0, k / 39.0)).ToList();
        series.Add(new LineSeries(lawName, c, c.Select(law).ToList(), Dashed: true, Colour: palette[0]));
        if (heldOut is not null)
        {
            if (heldOutPrediction is { } predicted)
                series.Add(new LineSeries("held-out: predicted before training", [heldOut.Compute], [predicted], Markers: true, Colour: "#000000"));
            series.Add(new LineSeries("held-out run: measured", [heldOut.Compute], [heldOut.Loss], Markers: true, Colour: "#d62728"));
        }
        series.AddRange(References(references ?? [], c0, c1));
        return LineCharts.Lines(series, title, "compute budget C (FLOPs)", "validation loss (nats/token)", logX: true, logY: true);
    }

    static IEnumerable<LineSeries> References(IEnumerable<ReferenceLoss> references, double x0, double x1) =>
        references.Select((r, i) => new LineSeries($"{r.Name} = {r.Loss:F3}", [x0, x1], [r.Loss, r.Loss], Dashed: true,
            Colour: referenceColours[i % referenceColours.Length]));
}
