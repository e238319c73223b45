
namespace LlmInteractive.Scaling;

/// <summary>
/// Chinchilla's "Approach 2": the compute-optimal sizes N_opt(C) of several iso-FLOP profiles, fitted as a power law
/// N_opt = k·C^a by a straight line in log-log. Hoffmann et al. found a ≈ 0.50 (data and parameters scaled equally);
/// Kaplan et al. ≈ 0.73. Profiles without a minimum are left out and counted in <see cref="ProfilesWithoutMinimum"/>.
/// </summary>
public sealed record IsoFlopAnalysis(
    IReadOnlyList<IsoFlopProfile> Profiles, double Exponent, double Coefficient, double ExponentStandardError, int ProfilesWithoutMinimum)
{
    /// <summary>k·C^a: the compute-optimal number of parameters this fit predicts at <paramref name="compute"/> FLOPs.</summary>
    public double OptimalParameters(double compute) => Coefficient * Math.Pow(compute, Exponent);

    /// <summary>Profiles whose parabola has a vertex (the ones the exponent is fitted on).</summary>
    public IReadOnlyList<IsoFlopProfile> Used => Profiles.Where(p => p.HasMinimum).ToList();

    /// <summary>True when N_opt rises with every step up in compute, as the law requires (not just on average).</summary>
    public bool OptimumGrowsWithCompute
    {
        get
        {
            var used = Used.OrderBy(p => p.Compute).ToList();
            return used.Zip(used.Skip(1), (a, b) => b.OptimalParameters > a.OptimalParameters).All(up => up);
        }
    }

    public static IsoFlopAnalysis Fit(IReadOnlyList<IsoFlopProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var used = profiles.Where(p => p.HasMinimum).OrderBy(p => p.Compute).ToList();
        if (used.Select(p => p.Compute).Distinct().Count() < 2)
            throw new ArgumentException(
                $"Only {used.Count} of {profiles.Count} iso-FLOP profiles have a minimum; the exponent needs at least two budgets " +
                "whose sizes bracket the valley. Widen the range of sizes at each budget.");
        double[] logC = used.Select(p => Math.Log(p.Compute)).ToArray();
        double[] logN = used.Select(p => Math.Log(p.OptimalParameters)).ToArray();
        var (intercept, slope) = MathNet.Numerics.Fit.Line(logC, logN);
        double se = double.NaN;
        if (used.Count > 2)
        {
            double meanC = logC.Average();
            double residual = logC.Select((c, i) => Math.Pow(logN[i] - intercept - slope * c, 2)).Sum() / (used.Count - 2);
            se = Math.Sqrt(residual / logC.Sum(c => (c - meanC) * (c - meanC)));
        }
        return new IsoFlopAnalysis(profiles, slope, Math.Exp(intercept), se, profiles.Count - used.Count);
    }
}
