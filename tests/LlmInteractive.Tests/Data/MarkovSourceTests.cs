using LlmInteractive.Data;

namespace LlmInteractive.Tests.Data;

public class MarkovSourceTests
{
    [Theory]
    [InlineData(8, 2, 0.3)]
    [InlineData(4, 1, 1.0)]
    [InlineData(16, 1, 0.1)]
    public void Mean_negative_log_likelihood_of_a_long_sample_matches_the_entropy_rate(int vocab, int order, double concentration)
    {
        var source = new MarkovSource(vocab, order, concentration, seed: 42);
        var sample = source.Sample(400_000, seed: 1);
        double empirical = source.MeanNegativeLogLikelihood(sample);
        Assert.InRange(empirical, source.EntropyRate - 0.01, source.EntropyRate + 0.01);
        Assert.InRange(source.EntropyRate, 0, Math.Log(vocab));
    }

    [Fact]
    public void Order_zero_entropy_rate_is_the_plain_entropy_of_its_one_row()
    {
        var source = new MarkovSource(6, 0, 0.5, seed: 3);
        Assert.Equal(1, source.ContextCount);
        double entropy = -source.TransitionRow(0).Where(p => p > 0).Sum(p => p * Math.Log(p));
        Assert.Equal(entropy, source.EntropyRate, 12);
        // The empirical symbol frequencies of a sample approach the row.
        var sample = source.Sample(200_000, seed: 9);
        for (int x = 0; x < 6; x++)
        {
            Assert.InRange(sample.Count(s => s == x) / 200_000.0, source.TransitionRow(0)[x] - 0.005, source.TransitionRow(0)[x] + 0.005);
        }
    }

    [Fact]
    public void Stationary_distribution_is_a_fixed_point()
    {
        var source = new MarkovSource(5, 2, 0.2, seed: 8);
        var pi = source.Stationary;
        Assert.Equal(1.0, pi.Sum(), 12);
        var next = new double[source.ContextCount];
        for (int c = 0; c < source.ContextCount; c++)
        {
            for (int x = 0; x < 5; x++) next[c * 5 % source.ContextCount + x] += pi[c] * source.TransitionRow(c)[x];
        }
        for (int c = 0; c < source.ContextCount; c++) Assert.True(Math.Abs(pi[c] - next[c]) < 1e-11, $"context {c}: {pi[c]} vs {next[c]}");
    }

    [Fact]
    public void Concentration_tunes_the_entropy()
    {
        double peaked = new MarkovSource(10, 1, 0.05, seed: 1).EntropyRate;
        double flat = new MarkovSource(10, 1, 50, seed: 1).EntropyRate;
        Assert.True(peaked < 1.0, $"peaked {peaked}");
        Assert.InRange(flat, Math.Log(10) - 0.05, Math.Log(10));
    }

    [Fact]
    public void Is_deterministic_from_its_seeds()
    {
        var a = new MarkovSource(7, 2, 0.5, seed: 11);
        var b = new MarkovSource(7, 2, 0.5, seed: 11);
        Assert.Equal(a.EntropyRate, b.EntropyRate);
        Assert.Equal(a.Sample(1000, 5), b.Sample(1000, 5));
        Assert.NotEqual(a.Sample(1000, 5), a.Sample(1000, 6));
        Assert.NotEqual(a.EntropyRate, new MarkovSource(7, 2, 0.5, seed: 12).EntropyRate);
    }

    [Fact]
    public void Tokenizer_maps_symbol_i_to_id_i()
    {
        var source = new MarkovSource(200, 0, 1.0, seed: 2);
        var sample = source.Sample(500, 1);
        string text = source.SampleText(500, 1);
        Assert.Equal(200, source.Tokenizer.VocabSize);
        Assert.Equal(sample, source.Tokenizer.Encode(text));
        Assert.DoesNotContain(text, char.IsWhiteSpace);
    }

    [Fact]
    public void Bad_parameters_are_clear_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MarkovSource(1, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MarkovSource(4, -1, 1, 0));
        Assert.Contains("concentration", Assert.Throws<ArgumentOutOfRangeException>(() => new MarkovSource(4, 1, 0, 0)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MarkovSource(64, 5, 1, 0));
        var source = new MarkovSource(4, 2, 1, 0);
        Assert.Contains("position 3", Assert.Throws<ArgumentOutOfRangeException>(() => source.MeanNegativeLogLikelihood([0, 1, 2, 4])).Message,
            StringComparison.Ordinal);
    }
}
