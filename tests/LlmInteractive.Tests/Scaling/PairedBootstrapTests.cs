using LlmInteractive.Experiments;

namespace LlmInteractive.Tests.Scaling;

public class PairedBootstrapTests
{
    static (bool[] Actual, double[] Good, double[] Noisy) Classifiers(int n, double noisyErrorRate, int seed)
    {
        var random = new Random(seed);
        var actual = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3).ToArray();
        var good = actual.Select(a => a ? 0.9 : 0.1).ToArray();
        var noisy = actual.Select(a => random.NextDouble() < noisyErrorRate ? (a ? 0.1 : 0.9) : (a ? 0.9 : 0.1)).ToArray();
        return (actual, good, noisy);
    }

    [Fact]
    public void Observed_difference_is_the_difference_of_the_two_F1_scores()
    {
        var (actual, good, noisy) = Classifiers(400, 0.2, 1);
        var (difference, low, high) = PairedBootstrap.F1Difference(actual, good, noisy);
        double f1Noisy = ClassificationMetrics.From(actual, [.. noisy.Select(s => s >= 0.5)]).F1;
        Assert.Equal(1.0 - f1Noisy, difference, 12);
        Assert.True(low <= difference && difference <= high);
    }

    [Fact]
    public void A_real_gap_excludes_zero_and_identical_classifiers_give_a_zero_interval()
    {
        var (actual, good, noisy) = Classifiers(400, 0.3, 2);
        var (_, low, _) = PairedBootstrap.F1Difference(actual, good, noisy);
        Assert.True(low > 0, $"a 30 % error rate against none should be a clear gap; interval starts at {low:F3}");

        var same = PairedBootstrap.F1Difference(actual, noisy, noisy);
        Assert.Equal((0.0, 0.0, 0.0), same);
    }

    [Fact]
    public void A_tiny_gap_on_a_small_test_set_is_inside_the_noise()
    {
        // Two classifiers that differ on 2 of 100 examples: the interval must straddle zero.
        var (actual, good, _) = Classifiers(100, 0, 3);
        var nearly = good.ToArray();
        int flipped = 0;
        for (int i = 0; i < nearly.Length && flipped < 2; i++)
            if (actual[i]) { nearly[i] = 0.1; flipped++; }
        var (difference, low, high) = PairedBootstrap.F1Difference(actual, good, nearly);
        Assert.True(difference > 0);
        Assert.True(low <= 0 && high > 0, $"[{low:F3}, {high:F3}]");
    }

    [Fact]
    public void Mismatched_lengths_name_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedBootstrap.F1Difference([true, false], [0.9], [0.1, 0.2]));
        Assert.Contains("score every test example", error.Message);
    }
}
