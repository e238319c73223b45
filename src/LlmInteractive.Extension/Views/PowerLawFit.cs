namespace LlmInteractive.Views;

/// <summary>
/// y ≈ A · x^Exponent fitted by least squares on log y against log x: the straight line scaling laws draw on
/// log-log axes. <see cref="RSquared"/> is measured in log space.
/// </summary>
public sealed record PowerLawFit(double A, double Exponent, double RSquared)
{
    public double Predict(double x) => A * Math.Pow(x, Exponent);

    public static PowerLawFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
            throw new ArgumentException($"Power-law fit needs one y per x; got {x.Count} x values and {y.Count} y values.");
        var points = x.Zip(y).Where(p => p.First > 0 && p.Second > 0 && double.IsFinite(p.First) && double.IsFinite(p.Second))
            .Select(p => (X: Math.Log(p.First), Y: Math.Log(p.Second))).ToArray();
        if (points.Length < 2 || points.All(p => p.X == points[0].X))
            throw new ArgumentException("Power-law fit needs at least two points with distinct positive x and positive y (log-log axes drop the others).");
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxy = points.Sum(p => (p.X - mx) * (p.Y - my)), sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        double ssTot = points.Sum(p => (p.Y - my) * (p.Y - my)), ssRes = points.Sum(p => Math.Pow(p.Y - (intercept + slope * p.X), 2));
        return new PowerLawFit(Math.Exp(intercept), slope, ssTot == 0 ? 1 : 1 - ssRes / ssTot);
    }

    public override string ToString() => $"y = {SvgLineChart.Label(A)} · x^{ColorScale.F(Exponent, 4)} (R² = {ColorScale.F(RSquared, 4)})";
}
