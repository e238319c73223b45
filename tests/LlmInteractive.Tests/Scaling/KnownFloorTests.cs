using LlmInteractive.Scaling;

namespace LlmInteractive.Tests.Scaling;

public class KnownFloorTests
{
    private static double[] LogSpace(double low, double high, int count) =>
        Enumerable.Range(0, count).Select(i => low * Math.Pow(high / low, i / (double)(count - 1))).ToArray();

    [Fact]
    public void A_fitted_floor_below_the_entropy_rate_is_flagged_with_the_size_of_the_miss()
    {
        // Losses that still fall as a pure power law: the best fit puts E near 0, far below the true H = 1.0.
        double[] n = LogSpace(1e3, 1e5, 6);
        double[] loss = n.Select(x => 6 * Math.Pow(x, -0.1)).ToArray();

        var fit = ScalingLawFit.Fit(n, loss, knownFloor: 1.0);

        Assert.True(fit.E < 1.0);
        Assert.True(fit.FloorBelowKnownFloor);
        Assert.Contains("Impossible floor", fit.FloorWarning);
        Assert.Contains($"{1.0 - fit.E:F3} nats below", fit.FloorWarning);
    }

    [Fact]
    public void A_floor_at_or_above_the_entropy_rate_is_not_flagged_and_no_known_floor_flags_nothing()
    {
        double[] n = LogSpace(1e2, 1e6, 8);
        double[] loss = n.Select(x => 1.2 + 5 * Math.Pow(x, -0.35)).ToArray();

        var fit = ScalingLawFit.Fit(n, loss, knownFloor: 1.1);

        Assert.False(fit.FloorBelowKnownFloor);
        Assert.Null(fit.FloorWarning);
        Assert.False(ScalingLawFit.Fit(n, loss).FloorBelowKnownFloor);
        Assert.Null(ScalingLawFit.Fit(n, loss).KnownFloor);
    }

    [Fact]
    public void The_joint_fit_flags_an_impossible_floor_too()
    {
        var points = (from n in LogSpace(1e3, 1e5, 4) from d in LogSpace(1e5, 1e7, 4)
                      select new ScalingPoint(n, d, 3 * Math.Pow(n, -0.05) + 3 * Math.Pow(d, -0.05))).ToList();

        var fit = JointScalingLawFit.Fit(points, knownFloor: 2.5);

        Assert.True(fit.E < 2.5);
        Assert.True(fit.FloorBelowKnownFloor);
        Assert.NotNull(fit.FloorWarning);
        Assert.False(fit.FloorFixed);
    }

    [Fact]
    public void A_known_floor_power_law_recovers_its_exponent_and_never_predicts_below_the_floor()
    {
        double[] c = LogSpace(1e9, 1e11, 4);
        double[] loss = c.Select(x => 2.0 + 3e3 * Math.Pow(x, -0.4)).ToArray();

        var fit = ScalingLawFit.FitWithFloor(c, loss, floor: 2.0);

        Assert.True(fit.FloorFixed);
        Assert.Equal(2.0, fit.E);
        Assert.Equal(0.4, fit.Alpha, 1e-9);
        Assert.Equal(3e3, fit.A, 1e-6);
        Assert.True(fit.AlphaStandardError < 1e-6);
        Assert.True(fit.Predict(1e20) > 2.0);
        Assert.False(fit.FloorBelowKnownFloor);
    }

    [Fact]
    public void A_known_floor_fit_refuses_a_loss_on_or_below_the_floor()
    {
        Assert.Contains("not above the known floor", Assert.Throws<ArgumentException>(() =>
            ScalingLawFit.FitWithFloor([1e9, 1e10, 1e11], [2.5, 2.2, 1.99], floor: 2.0)).Message);
    }

    [Fact]
    public void The_joint_fit_with_a_known_floor_recovers_the_other_four_parameters()
    {
        var points = (from n in LogSpace(1e4, 1e7, 5) from d in LogSpace(1e6, 1e9, 5)
                      select new ScalingPoint(n, d, 1.7 + 400 * Math.Pow(n, -0.34) + 410 * Math.Pow(d, -0.28))).ToList();

        var fit = JointScalingLawFit.FitWithFloor(points, 1.7);

        Assert.True(fit.FloorFixed);
        Assert.Equal(1.7, fit.E);
        Assert.Equal(0.34, fit.Alpha, 1e-3);
        Assert.Equal(0.28, fit.Beta, 1e-3);
        Assert.True(fit.RootMeanSquareError < 1e-5, $"rms {fit.RootMeanSquareError}");
    }
}
