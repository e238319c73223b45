
namespace LlmInteractive.Scaling;

/// <summary>
/// One iso-FLOP profile (Hoffmann et al. 2022, "Approach 2"): runs of different sizes trained to the same compute C,
/// each with its learning-rate schedule ending at its own token budget D = C / FLOPs-per-token. Loss against ln N
/// is fitted by a parabola L = c₀ + c₁u + c₂u² (u = ln N); its vertex is the compute-optimal size at this budget.
/// </summary>
public sealed record IsoFlopProfile(
    double Compute, IReadOnlyList<ScalingPoint> Runs, double Intercept, double Slope, double Curvature, double RootMeanSquareError)
{
    /// <summary>A parabola that opens upwards has a minimum; a flat or downward one means the sweep missed the valley.</summary>
    public bool HasMinimum => Curvature > 0;

    /// <summary>N at the vertex, exp(−c₁ / 2c₂); NaN without a minimum.</summary>
    public double OptimalParameters => HasMinimum ? Math.Exp(-Slope / (2 * Curvature)) : double.NaN;

    /// <summary>True when the vertex lies between the smallest and largest N trained (an interpolated, not extrapolated, optimum).</summary>
    public bool OptimumInsideSweep =>
        HasMinimum && OptimalParameters >= Runs.Min(r => r.Parameters) && OptimalParameters <= Runs.Max(r => r.Parameters);

    /// <summary>The parabola's loss at its vertex.</summary>
    public double MinimumLoss => HasMinimum ? Predict(OptimalParameters) : double.NaN;

    /// <summary>
    /// Tokens at the optimum: ln D is linear in ln N along an iso-FLOP line (D = C / FLOPs-per-token), so it is read off
    /// a straight-line fit through the runs' (ln N, ln D) and evaluated at the vertex.
    /// </summary>
    public double OptimalTokens
    {
        get
        {
            if (!HasMinimum) return double.NaN;
            var (a, b) = MathNet.Numerics.Fit.Line(Runs.Select(r => Math.Log(r.Parameters)).ToArray(), Runs.Select(r => Math.Log(r.Tokens)).ToArray());
            return Math.Exp(a + b * Math.Log(OptimalParameters));
        }
    }

    /// <summary>The run with the lowest measured loss (the empirical optimum, next to the parabola's).</summary>
    public ScalingPoint BestRun => Runs.MinBy(r => r.Loss)!;

    public double Predict(double parameters)
    {
        double u = Math.Log(parameters);
        return Intercept + Slope * u + Curvature * u * u;
    }

    /// <summary>Least-squares parabola in ln N through the runs of one compute budget (at least three sizes).</summary>
    public static IsoFlopProfile Fit(double compute, IReadOnlyList<ScalingPoint> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (!(compute > 0) || !double.IsFinite(compute))
            throw new ArgumentOutOfRangeException(nameof(compute), compute, "The compute budget must be a positive number of FLOPs.");
        FitInputs.Check(runs.Select(r => r.Parameters).ToArray(), "parameters", runs.Select(r => r.Loss).ToArray(), minimumPoints: 3);
        double[] u = runs.Select(r => Math.Log(r.Parameters)).ToArray();
        double[] y = runs.Select(r => r.Loss).ToArray();
        double[] c = MathNet.Numerics.Fit.Polynomial(u, y, 2);
        double rmse = Math.Sqrt(u.Select((v, i) => Math.Pow(y[i] - (c[0] + c[1] * v + c[2] * v * v), 2)).Average());
        return new IsoFlopProfile(compute, runs, c[0], c[1], c[2], rmse);
    }
}
