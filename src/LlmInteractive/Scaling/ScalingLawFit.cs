using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LlmInteractive.Scaling;

/// <summary>
/// A scaling law L(x) = E + A / x^α — a power law above a floor — fitted by least squares: E is the irreducible loss,
/// A/x^α the part that more parameters (or data, or compute) removes. <see cref="EStandardError"/> and <see cref="AlphaStandardError"/> are NaN
/// when the fit has no spare degrees of freedom (exactly three points).
/// </summary>
public sealed record ScalingLawFit(
    double E, double A, double Alpha, double EStandardError, double AlphaStandardError, double RootMeanSquareError, int Points)
{
    public double Predict(double x) => E + A * Math.Pow(x, -Alpha);

    /// <summary>A floor known independently of the fit (the entropy rate of the source), or null when none is known.</summary>
    public double? KnownFloor { get; init; }

    /// <summary>True when the fitted E lies below <see cref="KnownFloor"/>: a floor no model can reach, so the fit is wrong there.</summary>
    public bool FloorBelowKnownFloor => KnownFloorCheck.IsBelow(E, KnownFloor);

    /// <summary>A sentence explaining an impossible fitted floor, or null when E ≥ the known floor (or none is known).</summary>
    public string? FloorWarning => KnownFloorCheck.Warning(E, EStandardError, KnownFloor);

    /// <summary>True when E was held at a known value (<see cref="FitWithFloor"/>) rather than fitted.</summary>
    public bool FloorFixed { get; init; }

    /// <summary>
    /// L(x) = H + A / x^α with the floor H known (the entropy rate of the source): ln(L − H) = ln A − α ln x is a
    /// straight line, fitted by least squares; standard errors come from its residuals (NaN for two points).
    /// Every loss must lie above H — a loss at or below the entropy rate is sampling noise the fit cannot take a log of.
    /// </summary>
    public static ScalingLawFit FitWithFloor(IReadOnlyList<double> x, IReadOnlyList<double> loss, double floor)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(loss);
        if (!(floor >= 0) || !double.IsFinite(floor))
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The known floor must be a finite loss ≥ 0 (nats/token).");
        FitInputs.Check(x, "x", loss, minimumPoints: 2);
        for (int i = 0; i < loss.Count; i++)
            if (!(loss[i] > floor))
                throw new ArgumentException(
                    $"loss[{i}] = {loss[i]} is not above the known floor {floor}: drop runs that sit on the floor (their gap is noise).");
        double[] u = x.Select(v => Math.Log(v)).ToArray();
        double[] w = loss.Select(v => Math.Log(v - floor)).ToArray();
        var (intercept, slope) = MathNet.Numerics.Fit.Line(u, w);
        double seAlpha = double.NaN;
        if (u.Length > 2)
        {
            double mean = u.Average();
            double residual = u.Select((v, i) => Square(w[i] - intercept - slope * v)).Sum() / (u.Length - 2);
            seAlpha = Math.Sqrt(residual / u.Sum(v => Square(v - mean)));
        }
        double a = Math.Exp(intercept), alpha = -slope;
        double rmse = Math.Sqrt(Enumerable.Range(0, u.Length).Average(i => Square(loss[i] - floor - a * Math.Pow(x[i], -alpha))));
        return new ScalingLawFit(floor, a, alpha, 0, seAlpha, rmse, u.Length) { KnownFloor = floor, FloorFixed = true };
    }

    /// <summary>
    /// Fits E, A, α to (x, loss) pairs. A grid over α with linear least squares for (E, A) at each α finds the basin
    /// (the problem is linear once α is fixed, so the grid cannot get stuck the way a cold Levenberg–Marquardt start
    /// can); Levenberg–Marquardt then polishes all three together and gives standard errors.
    /// <paramref name="knownFloor"/> does not constrain the fit; it is kept so the result can flag an impossible E.
    /// </summary>
    public static ScalingLawFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> loss, double? knownFloor = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(loss);
        FitInputs.Check(x, "x", loss, minimumPoints: 3);

        // Work with x / x0 (x0 = geometric mean) so A stays O(loss) whatever the units of x (1e3 or 1e12 parameters).
        double x0 = Math.Exp(x.Average(v => Math.Log(v)));
        double[] scaled = x.Select(v => v / x0).ToArray();
        double[] y = loss.ToArray();

        var best = (Sse: double.PositiveInfinity, E: 0.0, A: 0.0, Alpha: 0.0);
        foreach (double alpha in ExponentGrid.Values)
        {
            double[] f = scaled.Select(v => Math.Pow(v, -alpha)).ToArray();
            var (e, a) = NonNegativeLinearFit(f, y);
            double sse = 0;
            for (int i = 0; i < y.Length; i++) sse += Square(y[i] - e - a * f[i]);
            if (sse < best.Sse) best = (sse, e, a, alpha);
        }

        var polished = Polish(scaled, y, best.E, best.A, best.Alpha);
        var (E, aScaled, Alpha, seE, seAlpha) = polished ?? (best.E, best.A, best.Alpha, double.NaN, double.NaN);
        double rmse = Math.Sqrt(Enumerable.Range(0, y.Length).Average(i => Square(y[i] - E - aScaled * Math.Pow(scaled[i], -Alpha))));
        return new ScalingLawFit(E, aScaled * Math.Pow(x0, Alpha), Alpha, seE, seAlpha, rmse, y.Length) { KnownFloor = knownFloor };
    }

    /// <summary>Least squares of y ≈ e + a·f with e ≥ 0 and a ≥ 0 (a loss floor and a reducible part are never negative).</summary>
    private static (double E, double A) NonNegativeLinearFit(double[] f, double[] y)
    {
        int n = y.Length;
        double mf = f.Average(), my = y.Average();
        double sff = 0, sfy = 0;
        for (int i = 0; i < n; i++) { sff += (f[i] - mf) * (f[i] - mf); sfy += (f[i] - mf) * (y[i] - my); }
        double a = sff > 0 ? sfy / sff : 0;
        double e = my - a * mf;
        if (a < 0) return (Math.Max(my, 0), 0);
        if (e < 0)
        {
            // Floor pinned at zero: a alone through the origin.
            double ff = f.Sum(v => v * v), fy = f.Zip(y, (p, q) => p * q).Sum();
            return (0, Math.Max(fy / ff, 0));
        }
        return (e, a);
    }

    private static (double E, double A, double Alpha, double SeE, double SeAlpha)? Polish(
        double[] x, double[] y, double e, double a, double alpha)
    {
        var model = ObjectiveFunction.NonlinearModel(
            (Vector<double> p, double xi) => p[0] + p[1] * Math.Pow(xi, -p[2]),
            (Vector<double> p, double xi) =>
            {
                double power = Math.Pow(xi, -p[2]);
                return Vector<double>.Build.DenseOfArray([1, power, -p[1] * power * Math.Log(xi)]);
            },
            Vector<double>.Build.DenseOfArray(x), Vector<double>.Build.DenseOfArray(y));
        try
        {
            var minimizer = new LevenbergMarquardtMinimizer(maximumIterations: 500);
            var result = minimizer.FindMinimum(model, Vector<double>.Build.DenseOfArray([e, a, alpha]));
            if (result.MinimizingPoint[0] < 0)
            {
                // The best unconstrained floor is negative, which no loss can have: hold E at 0 and fit A, α.
                result = minimizer.FindMinimum(model, Vector<double>.Build.DenseOfArray([0, a, alpha]),
                    isFixed: [true, false, false]);
            }
            var p = result.MinimizingPoint;
            // Keep the polished point only when it is physical and at least as good as the grid's.
            if (!(p[0] >= 0 && p[1] >= 0 && p[2] > 0) || p.Any(v => !double.IsFinite(v))) return null;
            double sseGrid = 0, ssePolished = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sseGrid += Square(y[i] - e - a * Math.Pow(x[i], -alpha));
                ssePolished += Square(y[i] - p[0] - p[1] * Math.Pow(x[i], -p[2]));
            }
            if (ssePolished > sseGrid * (1 + 1e-9)) return null;
            bool spare = y.Length > 3;
            double seE = spare ? result.StandardErrors[0] : double.NaN;
            double seAlpha = spare ? result.StandardErrors[2] : double.NaN;
            return (p[0], p[1], p[2], seE, seAlpha);
        }
        catch (Exception ex) when (ex is MaximumIterationsException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static double Square(double v) => v * v;
}
