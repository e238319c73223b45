using LlmInteractive.Scaling;

namespace LlmInteractive.Tests.Scaling;

public class JointScalingLawFitTests
{
    // Hoffmann et al. 2022's published fit (their Approach 3), used here only as a known ground truth.
    private const double E = 1.69, A = 406.4, Alpha = 0.34, B = 410.7, Beta = 0.28;

    private static double Chinchilla(double n, double d) => E + A * Math.Pow(n, -Alpha) + B * Math.Pow(d, -Beta);

    private static List<ScalingPoint> Grid(Func<double, double, double> loss)
    {
        var points = new List<ScalingPoint>();
        foreach (double n in new[] { 1e7, 3e7, 1e8, 3e8, 1e9 })
        foreach (double d in new[] { 1e8, 1e9, 1e10, 1e11 })
            points.Add(new ScalingPoint(n, d, loss(n, d)));
        return points;
    }

    [Fact]
    public void Recovers_a_known_chinchilla_law_from_exact_data()
    {
        var fit = JointScalingLawFit.Fit(Grid(Chinchilla));

        Assert.Equal(E, fit.E, 1e-3);
        Assert.Equal(Alpha, fit.Alpha, 1e-3);
        Assert.Equal(Beta, fit.Beta, 1e-3);
        Assert.Equal(1, fit.A / A, 1e-2);
        Assert.Equal(1, fit.B / B, 1e-2);
        Assert.True(fit.RootMeanSquareError < 1e-6);
    }

    [Fact]
    public void Compute_optimal_allocation_is_the_minimum_along_the_iso_compute_curve()
    {
        var fit = new JointScalingLawFit(E, A, Alpha, B, Beta, double.NaN, 0, 0);
        const double compute = 5.76e23; // Gopher's budget

        var optimum = fit.ComputeOptimal(compute);

        Assert.Equal(compute, 6 * optimum.Parameters * optimum.Tokens, compute * 1e-9);
        // Brute force over N on the iso-compute line D = C/(6N): nothing beats the closed form.
        double bestLoss = double.PositiveInfinity, bestN = 0;
        for (double logN = 8; logN <= 12; logN += 0.0005)
        {
            double n = Math.Pow(10, logN), loss = fit.Predict(n, compute / (6 * n));
            if (loss < bestLoss) (bestLoss, bestN) = (loss, n);
        }
        Assert.Equal(1, optimum.Parameters / bestN, 2e-3);
        Assert.True(optimum.PredictedLoss <= bestLoss + 1e-12);
        // With these rounded published constants the optimum is tens of billions of parameters, tens of tokens each.
        Assert.InRange(optimum.Parameters, 1e10, 1e11);
        Assert.InRange(optimum.TokensPerParameter, 10, 200);
    }

    [Fact]
    public void Tokens_per_parameter_is_constant_across_budgets_when_the_exponents_are_equal()
    {
        var fit = new JointScalingLawFit(1, 100, 0.3, 400, 0.3, double.NaN, 0, 0);

        double small = fit.ComputeOptimal(1e15).TokensPerParameter, large = fit.ComputeOptimal(1e24).TokensPerParameter;

        Assert.Equal(small, large, small * 1e-9);
        // α = β: αA·N^(−α) = αB·D^(−α) gives D*/N* = (B/A)^(1/α) at every budget.
        Assert.Equal(Math.Pow(4, 1 / 0.3), small, small * 1e-9);
    }

    [Fact]
    public void Bad_inputs_name_the_problem()
    {
        var few = Grid(Chinchilla).Take(4).ToList();
        Assert.Contains("at least 6 points", Assert.Throws<ArgumentException>(() => JointScalingLawFit.Fit(few)).Message);
        var fit = new JointScalingLawFit(1, 0, 0.3, 1, 0.3, double.NaN, 0, 0);
        Assert.Contains("no finite optimum", Assert.Throws<InvalidOperationException>(() => fit.ComputeOptimal(1e20)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => fit.ComputeOptimal(-1));
    }
}
