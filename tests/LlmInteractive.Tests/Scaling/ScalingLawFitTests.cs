using LlmInteractive.Scaling;

namespace LlmInteractive.Tests.Scaling;

public class ScalingLawFitTests
{
    private static double[] LogSpace(double low, double high, int count) =>
        Enumerable.Range(0, count).Select(i => low * Math.Pow(high / low, i / (double)(count - 1))).ToArray();

    [Theory]
    [InlineData(1.2, 5.0, 0.35, 1e3, 1e7)]
    [InlineData(1.69, 406.4, 0.34, 1e7, 1e10)]    // Hoffmann et al.'s N term, in raw parameter units
    [InlineData(0.5, 20.0, 0.076, 1e5, 1e9)]      // Kaplan-like small exponent
    [InlineData(0.0, 3.0, 1.0, 10, 1e4)]          // no floor at all
    public void Recovers_known_parameters_from_exact_data(double e, double a, double alpha, double low, double high)
    {
        double[] n = LogSpace(low, high, 8);
        double[] loss = n.Select(x => e + a * Math.Pow(x, -alpha)).ToArray();

        var fit = ScalingLawFit.Fit(n, loss);

        Assert.Equal(e, fit.E, 1e-4 * Math.Max(1, e));
        Assert.Equal(alpha, fit.Alpha, 1e-4);
        Assert.Equal(1, fit.A / a, 1e-3);
        Assert.True(fit.RootMeanSquareError < 1e-6, $"rmse {fit.RootMeanSquareError}");
    }

    [Fact]
    public void Noisy_data_gives_estimates_within_a_few_standard_errors()
    {
        const double e = 1.5, a = 8, alpha = 0.5;
        var random = new Random(7);
        double[] n = LogSpace(1e2, 1e6, 12);
        // 0.5% multiplicative noise, Gaussian by Box–Muller.
        double[] loss = n.Select(x =>
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return (e + a * Math.Pow(x, -alpha)) * (1 + 0.005 * z);
        }).ToArray();

        var fit = ScalingLawFit.Fit(n, loss);

        Assert.True(double.IsFinite(fit.EStandardError) && fit.EStandardError > 0, $"se(E) {fit.EStandardError}");
        Assert.InRange(fit.E, e - 4 * fit.EStandardError, e + 4 * fit.EStandardError);
        Assert.InRange(fit.Alpha, alpha - 4 * fit.AlphaStandardError, alpha + 4 * fit.AlphaStandardError);
        Assert.InRange(fit.E, 1.4, 1.6);
    }

    [Fact]
    public void Three_points_fit_exactly_but_report_no_standard_error()
    {
        double[] n = [10, 100, 1000];
        double[] loss = n.Select(x => 2 + 4 * Math.Pow(x, -0.5)).ToArray();

        var fit = ScalingLawFit.Fit(n, loss);

        Assert.Equal(2, fit.E, 1e-5);
        Assert.True(double.IsNaN(fit.EStandardError));
        Assert.Equal(fit.Predict(300), 2 + 4 * Math.Pow(300, -0.5), 1e-5);
    }

    [Fact]
    public void Flat_losses_give_the_mean_as_the_floor()
    {
        var fit = ScalingLawFit.Fit([1e3, 1e4, 1e5, 1e6], [2.0, 2.0, 2.0, 2.0]);

        Assert.Equal(2.0, fit.Predict(1e9), 1e-6);
        Assert.Equal(2.0, fit.Predict(1e2), 1e-6);
    }

    [Fact]
    public void Bad_inputs_name_the_problem()
    {
        Assert.Contains("at least 3 points", Assert.Throws<ArgumentException>(() => ScalingLawFit.Fit([1, 2], [1, 2])).Message);
        Assert.Contains("loss has 2", Assert.Throws<ArgumentException>(() => ScalingLawFit.Fit([1, 2, 3], [1, 2])).Message);
        Assert.Contains("x[1] = 0", Assert.Throws<ArgumentException>(() => ScalingLawFit.Fit([1, 0, 3], [1, 2, 3])).Message);
        Assert.Contains("diverge", Assert.Throws<ArgumentException>(() => ScalingLawFit.Fit([1, 2, 3], [1, double.NaN, 3])).Message);
        Assert.Contains("distinct", Assert.Throws<ArgumentException>(() => ScalingLawFit.Fit([5, 5, 5, 6], [1, 2, 3, 4])).Message);
    }
}
