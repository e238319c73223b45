using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearRegression;
using MathNet.Numerics.Optimization;

namespace LlmInteractive.Scaling;

/// <summary>
/// L(N, D) = E + A / N^α + B / D^β (Hoffmann et al. 2022, "Chinchilla"): the loss of a model with N parameters trained
/// on D tokens. Fitted by a grid over (α, β) with linear least squares for (E, A, B), polished by Levenberg–Marquardt.
/// </summary>
public sealed record JointScalingLawFit(
    double E, double A, double Alpha, double B, double Beta, double EStandardError, double RootMeanSquareError, int Points)
{
    public double Predict(double parameters, double tokens) =>
        E + A * Math.Pow(parameters, -Alpha) + B * Math.Pow(tokens, -Beta);

    /// <summary>A floor known independently of the fit (the entropy rate of the source), or null when none is known.</summary>
    public double? KnownFloor { get; init; }

    /// <summary>True when the fitted E lies below <see cref="KnownFloor"/>: a floor no model can reach, so the fit is wrong there.</summary>
    public bool FloorBelowKnownFloor => KnownFloorCheck.IsBelow(E, KnownFloor);

    /// <summary>A sentence explaining an impossible fitted floor, or null when E ≥ the known floor (or none is known).</summary>
    public string? FloorWarning => KnownFloorCheck.Warning(E, EStandardError, KnownFloor);

    /// <summary>
    /// The (N, D) that minimise L(N, D) at fixed compute C = 6ND. Substituting D = C/(6N) and setting dL/dN = 0 gives
    /// αA·N^(−α) = βB·D^(−β), hence N* = G·(C/6)^(β/(α+β)) and D* = (C/6)^(α/(α+β)) / G with G = (αA/(βB))^(1/(α+β)).
    /// </summary>
    public ComputeOptimalAllocation ComputeOptimal(double computeFlops)
    {
        if (!(computeFlops > 0) || !double.IsFinite(computeFlops))
            throw new ArgumentOutOfRangeException(nameof(computeFlops), computeFlops, "Compute must be a positive number of FLOPs.");
        if (!(A > 0 && B > 0))
            throw new InvalidOperationException(
                $"The fit has A = {A} and B = {B}: with a term that does not fall, no finite optimum exists. Sweep more sizes and token counts.");
        double g = Math.Pow(Alpha * A / (Beta * B), 1 / (Alpha + Beta));
        double half = computeFlops / 6;
        double n = g * Math.Pow(half, Beta / (Alpha + Beta));
        double d = half / n;
        return new ComputeOptimalAllocation(computeFlops, n, d, Predict(n, d));
    }

    /// <summary>True when E was held at a known value (<see cref="FitWithFloor"/>) rather than fitted.</summary>
    public bool FloorFixed { get; init; }

    /// <param name="knownFloor">Does not constrain the fit; kept so the result can flag an impossible E.</param>
    public static JointScalingLawFit Fit(IReadOnlyList<ScalingPoint> points, double? knownFloor = null) =>
        FitCore(points, fixedFloor: null) with { KnownFloor = knownFloor };

    /// <summary>
    /// L(N, D) = H + A / N^α + B / D^β with the floor held at a value known from elsewhere (the entropy rate of the
    /// source): four parameters fitted instead of five, and no prediction can fall below H.
    /// </summary>
    public static JointScalingLawFit FitWithFloor(IReadOnlyList<ScalingPoint> points, double floor)
    {
        if (!(floor >= 0) || !double.IsFinite(floor))
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The known floor must be a finite loss ≥ 0 (nats/token).");
        return FitCore(points, fixedFloor: floor) with { KnownFloor = floor, FloorFixed = true };
    }

    private static JointScalingLawFit FitCore(IReadOnlyList<ScalingPoint> points, double? fixedFloor)
    {
        ArgumentNullException.ThrowIfNull(points);
        const int minimum = 6;
        if (points.Count < minimum)
            throw new ArgumentException(
                $"The joint fit L(N, D) has 5 parameters and needs at least {minimum} points, got {points.Count}: record the loss at several token counts for each model.");
        FitInputs.Check(points.Select(p => p.Parameters).ToArray(), "parameters", points.Select(p => p.Loss).ToArray(), 2);
        FitInputs.Check(points.Select(p => p.Tokens).ToArray(), "tokens", points.Select(p => p.Loss).ToArray(), 2);

        // Scale N and D by their geometric means so A and B stay O(loss) during the search.
        double n0 = Math.Exp(points.Average(p => Math.Log(p.Parameters)));
        double d0 = Math.Exp(points.Average(p => Math.Log(p.Tokens)));
        double[] n = points.Select(p => p.Parameters / n0).ToArray();
        double[] d = points.Select(p => p.Tokens / d0).ToArray();
        double[] y = points.Select(p => p.Loss).ToArray();
        double e0 = fixedFloor ?? 0;
        var target = Vector<double>.Build.DenseOfArray(y.Select(v => v - e0).ToArray());
        int first = fixedFloor is null ? 0 : 1;   // design column 0 is the floor, left out when it is known

        var best = (Sse: double.PositiveInfinity, E: 0.0, A: 0.0, Alpha: 0.0, B: 0.0, Beta: 0.0);
        foreach (double alpha in ExponentGrid.Coarse)
        {
            foreach (double beta in ExponentGrid.Coarse)
            {
                var design = Matrix<double>.Build.Dense(y.Length, 3 - first, (i, j) => (j + first) switch
                {
                    0 => 1,
                    1 => Math.Pow(n[i], -alpha),
                    _ => Math.Pow(d[i], -beta),
                });
                Vector<double> c;
                try { c = MultipleRegression.QR(design, target); }
                catch (ArgumentException) { continue; } // rank-deficient at this (α, β): e.g. all N equal
                if (c.Any(v => v < 0 || !double.IsFinite(v))) continue;
                double sse = (design * c - target).L2Norm();
                sse *= sse;
                if (first == 1) c = Vector<double>.Build.DenseOfEnumerable(c.Prepend(e0));
                if (sse < best.Sse) best = (sse, c[0], c[1], alpha, c[2], beta);
            }
        }
        if (double.IsPositiveInfinity(best.Sse))
            throw new ArgumentException(
                "No (α, β) gives non-negative E, A, B: the losses do not fall with both parameters and tokens. Check the sweep.");

        double[] start = [best.E, best.A, best.Alpha, best.B, best.Beta];
        var (p, seE) = Polish(n, d, y, start, fixFloor: fixedFloor is not null) ?? (start, double.NaN);
        if (fixedFloor is not null) seE = 0;
        double rmse = Math.Sqrt(Enumerable.Range(0, y.Length).Average(i =>
        {
            double r = y[i] - p[0] - p[1] * Math.Pow(n[i], -p[2]) - p[3] * Math.Pow(d[i], -p[4]);
            return r * r;
        }));
        return new JointScalingLawFit(p[0], p[1] * Math.Pow(n0, p[2]), p[2], p[3] * Math.Pow(d0, p[4]), p[4], seE, rmse, y.Length);
    }

    private static (double[] Point, double SeE)? Polish(double[] n, double[] d, double[] y, double[] start, bool fixFloor)
    {
        // MathNet's model takes one scalar x per observation: pass the observation's index and look N, D up.
        double Model(Vector<double> p, int i) => p[0] + p[1] * Math.Pow(n[i], -p[2]) + p[3] * Math.Pow(d[i], -p[4]);
        var objective = ObjectiveFunction.NonlinearModel(
            (Vector<double> p, double x) => Model(p, (int)x),
            (Vector<double> p, double x) =>
            {
                int i = (int)x;
                double pn = Math.Pow(n[i], -p[2]), pd = Math.Pow(d[i], -p[4]);
                return Vector<double>.Build.DenseOfArray([1, pn, -p[1] * pn * Math.Log(n[i]), pd, -p[3] * pd * Math.Log(d[i])]);
            },
            Vector<double>.Build.DenseOfEnumerable(Enumerable.Range(0, y.Length).Select(i => (double)i)),
            Vector<double>.Build.DenseOfArray(y));
        try
        {
            var result = new LevenbergMarquardtMinimizer(maximumIterations: 1000)
                .FindMinimum(objective, Vector<double>.Build.DenseOfArray(start), isFixed: [fixFloor, false, false, false, false]);
            var p = result.MinimizingPoint;
            if (p.Any(v => !double.IsFinite(v)) || p[0] < 0 || p[1] < 0 || p[2] <= 0 || p[3] < 0 || p[4] <= 0) return null;
            var sp = Vector<double>.Build.DenseOfArray(start);
            double sseStart = 0, ssePolished = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sseStart += Math.Pow(y[i] - Model(sp, i), 2);
                ssePolished += Math.Pow(y[i] - Model(p, i), 2);
            }
            if (ssePolished > sseStart * (1 + 1e-9)) return null;
            return (p.ToArray(), y.Length > 5 ? result.StandardErrors[0] : double.NaN);
        }
        catch (Exception ex) when (ex is MaximumIterationsException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
