using LlmInteractive.Data;
using LlmInteractive.Models;

namespace LlmInteractive.Tests.NGram;

public class NGramModelTests
{
    private static int[] Tokens(int vocab, int length, int seed) => new MarkovSource(vocab, 1, 0.5, seed).Sample(length, seed);

    [Theory]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(2, 6)]
    public void Chain_rule_product_equals_the_joint_for_every_sequence_and_the_joint_sums_to_one(int vocab, int window)
    {
        var model = new NGramModel(Tokens(vocab, 5000, vocab * 10 + window), vocab, window);
        double total = 0;
        int sequences = 0;
        foreach (var sequence in model.EnumerateSequences())
        {
            double joint = model.Joint(sequence);
            Assert.Equal(joint, model.ChainRuleProbability(sequence), 12);
            total += joint;
            sequences++;
        }
        Assert.Equal(Math.Pow(vocab, window), sequences);
        Assert.Equal(1.0, total, 12);
    }

    [Fact]
    public void Conditionals_are_distributions_from_the_same_joint()
    {
        int[] tokens = [0, 1, 0, 1, 1, 0, 2, 0, 1];
        var model = new NGramModel(tokens, 3, 2);
        // Windows: 01 10 01 11 10 02 20 01 → first token 0 in 4 of 8 windows, and 01 in 3 of them.
        Assert.Equal(8, model.WindowCount);
        Assert.Equal(0.5, model.Conditional([], 0), 12);
        Assert.Equal(0.75, model.Conditional([0], 1), 12);
        Assert.Equal(0.25, model.Conditional([0], 2), 12);
        Assert.Equal(3.0 / 8, model.Joint([0, 1]), 12);
        Assert.Equal(1.0, Enumerable.Range(0, 3).Sum(x => model.Conditional([1], x)), 12);
    }

    [Fact]
    public void Unseen_prefix_and_bad_inputs_are_clear_errors()
    {
        var model = new NGramModel([0, 1, 0, 1], 3, 2);
        Assert.Contains("never occurs", Assert.Throws<InvalidOperationException>(() => model.Conditional([2], 0)).Message, StringComparison.Ordinal);
        Assert.Equal(0, model.ChainRuleProbability([2, 0]));
        Assert.Throws<ArgumentException>(() => model.Joint([0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Joint([0, 3]));
        Assert.Throws<ArgumentException>(() => new NGramModel([0], 2, 2));
        Assert.Contains("0..2", Assert.Throws<ArgumentOutOfRangeException>(() => new NGramModel([0, 5], 3, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("too many", Assert.Throws<InvalidOperationException>(() => new NGramModel(new int[10], 1000, 3).EnumerateSequences()).Message, StringComparison.Ordinal);
    }
}
