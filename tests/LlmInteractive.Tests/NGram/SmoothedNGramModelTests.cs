using LlmInteractive.Data;
using LlmInteractive.Models;

namespace LlmInteractive.Tests.NGram;

public class SmoothedNGramModelTests
{
    [Fact]
    public void Add_alpha_probabilities_follow_the_formula_and_sum_to_one()
    {
        int[] tokens = [0, 1, 0, 1, 1, 0, 2];
        var model = new SmoothedNGramModel(tokens, 3, 2, alpha: 0.5);
        // After 0: next is 1, 1, 2 → counts (0, 2, 1), context count 3.
        Assert.Equal((2 + 0.5) / (3 + 1.5), model.Probability([0], 1), 12);
        Assert.Equal(0.5 / 4.5, model.Probability([0], 0), 12);
        for (int c = 0; c < 3; c++) Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(x => model.Probability([c], x)), 12);
        // At the start of a sequence the context is shorter: the unigram estimate.
        Assert.Equal((3 + 0.5) / (7 + 1.5), model.Probability([], 0), 12);
        Assert.Equal(Math.Log(model.Probability([], 0)) + Math.Log(model.Probability([0], 1)), model.LogProbability([0, 1]), 12);
    }

    [Fact]
    public void Higher_order_approaches_the_entropy_rate_of_a_markov_source()
    {
        var source = new MarkovSource(6, 2, 0.3, seed: 4);
        var train = source.Sample(300_000, 1);
        var test = source.Sample(20_000, 2);
        double unigram = new SmoothedNGramModel(train, 6, 1, 0.1).CrossEntropy(test);
        double bigram = new SmoothedNGramModel(train, 6, 2, 0.1).CrossEntropy(test);
        var trigramModel = new SmoothedNGramModel(train, 6, 3, 0.1);
        double trigram = trigramModel.CrossEntropy(test);
        Assert.True(unigram > bigram && bigram > trigram, $"{unigram} {bigram} {trigram}");
        // The true chain has order 2, so the trigram model (context 2) matches it up to estimation noise.
        Assert.InRange(trigram, source.EntropyRate - 0.03, source.EntropyRate + 0.03);
        Assert.Equal(Math.Exp(trigram), trigramModel.Perplexity(test), 9);
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothedNGramModel([0], 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothedNGramModel([0], 2, 1, alpha: 0));
        Assert.Contains("position 1", Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothedNGramModel([0, 2], 2, 1)).Message,
            StringComparison.Ordinal);
        var model = new SmoothedNGramModel([0, 1], 2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Probability([0], 2));
        Assert.Throws<ArgumentException>(() => model.CrossEntropy([]));
    }
}
