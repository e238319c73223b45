using LlmInteractive.Scaling;

namespace LlmInteractive.Tests.Scaling;

public class IsoFlopTests
{
    // A synthetic iso-FLOP profile: L = E + A/N^α + B/D^β along D = C / (6N), sampled over a decade either side of
    // the closed-form optimum N* = G·(C/6)^(β/(α+β)), G = (αA/βB)^(1/(α+β)) — as a sweep would bracket its valley.
    private static List<ScalingPoint> Profile(double compute, double e = 1.5, double a = 40, double alpha = 0.4, double b = 400, double beta = 0.4)
    {
        double optimum = Math.Pow(alpha * a / (beta * b), 1 / (alpha + beta)) * Math.Pow(compute / 6, beta / (alpha + beta));
        var sizes = Enumerable.Range(0, 9).Select(i => optimum * Math.Pow(10, (i - 4) / 4.0));
        return sizes.Select(n => { double d = compute / (6 * n); return new ScalingPoint(n, d, e + a * Math.Pow(n, -alpha) + b * Math.Pow(d, -beta)); }).ToList();
    }

    [Fact]
    public void A_parabola_in_log_n_recovers_the_vertex_of_an_exact_parabola()
    {
        // L = 3 − 0.2 u + 0.01 u² with u = ln N: vertex at u = 10, i.e. N = e^10.
        var runs = new[] { 6.0, 8, 10, 12, 14 }.Select(u => new ScalingPoint(Math.Exp(u), 1e6 / Math.Exp(u), 3 - 0.2 * u + 0.01 * u * u)).ToList();

        var profile = IsoFlopProfile.Fit(1e12, runs);

        Assert.True(profile.HasMinimum);
        Assert.Equal(10, Math.Log(profile.OptimalParameters), 6);
        Assert.Equal(3 - 2 + 1, profile.MinimumLoss, 6);
        Assert.True(profile.OptimumInsideSweep);
        Assert.Equal(1e6 / Math.Exp(10), profile.OptimalTokens, 1e-6 * profile.OptimalTokens);
        Assert.True(profile.RootMeanSquareError < 1e-9);
    }

    [Fact]
    public void A_profile_that_only_falls_has_no_minimum_and_says_so()
    {
        var runs = new[] { 1e3, 1e4, 1e5 }.Select(n => new ScalingPoint(n, 1e5, 3 - 0.1 * Math.Log(n) - 0.001 * Math.Log(n) * Math.Log(n))).ToList();

        var profile = IsoFlopProfile.Fit(1e10, runs);

        Assert.False(profile.HasMinimum);
        Assert.True(double.IsNaN(profile.OptimalParameters));
        Assert.False(profile.OptimumInsideSweep);
        Assert.Equal(1e5, profile.BestRun.Parameters);
    }

    [Fact]
    public void Equal_exponents_give_an_optimal_size_growing_as_the_square_root_of_compute()
    {
        // With α = β Chinchilla's closed form gives N_opt ∝ C^(β/(α+β)) = C^0.5; the parabolas must find it.
        var profiles = new[] { 1e15, 1e16, 1e17, 1e18 }.Select(c => IsoFlopProfile.Fit(c, Profile(c))).ToList();

        var analysis = IsoFlopAnalysis.Fit(profiles);

        Assert.All(profiles, p => Assert.True(p.OptimumInsideSweep, $"vertex {p.OptimalParameters:G3} at C = {p.Compute:G3}"));
        Assert.True(analysis.OptimumGrowsWithCompute);
        Assert.Equal(0.5, analysis.Exponent, 0.03);
        Assert.True(double.IsFinite(analysis.ExponentStandardError));
        Assert.Equal(analysis.Coefficient * Math.Pow(1e17, analysis.Exponent), analysis.OptimalParameters(1e17), 1e-6 * analysis.OptimalParameters(1e17));
    }

    [Fact]
    public void Unequal_exponents_move_the_exponent_as_the_closed_form_says()
    {
        // α = 0.6, β = 0.3: N_opt ∝ C^(0.3/0.9) = C^(1/3).
        var profiles = new[] { 1e15, 1e16, 1e17, 1e18 }.Select(c => IsoFlopProfile.Fit(c, Profile(c, alpha: 0.6, a: 400, beta: 0.3, b: 40))).ToList();

        Assert.Equal(1 / 3.0, IsoFlopAnalysis.Fit(profiles).Exponent, 0.03);
    }

    [Fact]
    public void The_analysis_needs_two_budgets_with_a_valley()
    {
        var falling = new[] { 1e3, 1e4, 1e5 }.Select(n => new ScalingPoint(n, 1e5, 3 - 0.1 * Math.Log(n) - 0.001 * Math.Log(n) * Math.Log(n))).ToList();
        var profiles = new[] { IsoFlopProfile.Fit(1e15, Profile(1e15)), IsoFlopProfile.Fit(1e16, falling) };

        var error = Assert.Throws<ArgumentException>(() => IsoFlopAnalysis.Fit(profiles));

        Assert.Contains("1 of 2", error.Message);
        Assert.Contains("bracket the valley", error.Message);
    }

    [Fact]
    public void A_profile_needs_three_sizes()
    {
        Assert.Contains("at least 3", Assert.Throws<ArgumentException>(() =>
            IsoFlopProfile.Fit(1e10, [new(1e3, 1e5, 2), new(1e4, 1e4, 1.9)])).Message);
    }
}

public class ComputeBudgetTests
{
    [Fact]
    public void Steps_follow_from_the_budget_so_each_schedule_ends_at_its_own_token_count()
    {
        // 1e12 FLOPs at 1e5 FLOPs per token = 1e7 tokens = 1e7 / 1024 ≈ 9766 steps; ten times the FLOPs per token, a tenth.
        Assert.Equal(9766, ComputeBudget.Steps(1e12, 1e5, 1024));
        Assert.Equal(977, ComputeBudget.Steps(1e12, 1e6, 1024));
        Assert.Equal(1, ComputeBudget.Steps(1, 1e6, 1024));
    }

    [Fact]
    public void Impossible_budgets_are_refused_with_a_reason()
    {
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => ComputeBudget.Steps(0, 1e5, 1024)).Message);
        Assert.Contains("FLOPs per token", Assert.Throws<ArgumentOutOfRangeException>(() => ComputeBudget.Steps(1e12, double.NaN, 1024)).Message);
        Assert.Contains("Tokens per step", Assert.Throws<ArgumentOutOfRangeException>(() => ComputeBudget.Steps(1e12, 1e5, 0)).Message);
    }
}
