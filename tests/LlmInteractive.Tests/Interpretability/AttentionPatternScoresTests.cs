using LlmInteractive.Interpretability;
using LlmInteractive.Runtime;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Interpretability;

public sealed class AttentionPatternScoresTests
{
    // Causal uniform weights (1, 1, T, T): row i spreads 1/(i + 1) over keys 0..i.
    static Tensor Uniform(int T) => ones(T, T).tril().div(arange(1, T + 1, dtype: float32).unsqueeze(1)).view(1, 1, T, T);

    // One-hot weights (1, 1, T, T) on key[i] for each query i.
    static Tensor OneHot(int[] key)
    {
        var w = zeros(1, 1, key.Length, key.Length);
        for (var i = 0; i < key.Length; i++) w[0, 0, i, key[i]] = 1;
        return w;
    }

    [Fact]
    public void A_previous_token_head_scores_one_and_uniform_attention_scores_its_baseline()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        const int T = 8;
        var previous = OneHot([.. Enumerable.Range(0, T).Select(i => Math.Max(0, i - 1))]);
        var scores = AttentionPatternScores.PreviousToken([cat([previous, Uniform(T)], 1)]);   // head 0 previous, head 1 uniform

        var expectedUniform = Enumerable.Range(1, T - 1).Average(i => 1.0 / (i + 1));
        Assert.Equal(2, scores.Count);
        Assert.Equal(1.0, scores[0].Score, 6);
        Assert.Equal(expectedUniform, scores[1].Score, 6);
        Assert.Equal(expectedUniform, scores[0].Uniform, 12);
        Assert.Equal(1.0, scores[1].VsUniform, 5);
    }

    [Fact]
    public void An_induction_head_scores_one_on_a_repeat_and_uniform_attention_its_baseline()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        // a b c d a b c d: query i ≥ 4 has one earlier occurrence at i − 4; the token after it is at i − 3.
        var ids = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3 }).view(1, 8);
        var induction = OneHot([0, 0, 1, 2, 1, 2, 3, 4]);                 // queries 0..3 have no earlier occurrence
        var selfAttention = OneHot([0, 1, 2, 3, 4, 5, 6, 7]);

        var scores = AttentionPatternScores.Induction([cat([induction, Uniform(8), selfAttention], 1)], ids);
        var duplicate = AttentionPatternScores.DuplicateToken([cat([induction, OneHot([0, 0, 1, 2, 0, 1, 2, 3])], 1)], ids);
        Assert.Equal(0.0, duplicate[0].Score, 6);                          // an induction head looks one past the copy
        Assert.Equal(1.0, duplicate[1].Score, 6);                          // a duplicate-token head looks at the copy
        Assert.Equal(Enumerable.Range(4, 4).Average(i => 1.0 / (i + 1)), duplicate[1].Uniform, 6);   // one earlier copy per query

        var expectedUniform = Enumerable.Range(4, 4).Average(i => 1.0 / (i + 1));
        Assert.Equal(1.0, scores[0].Score, 6);
        Assert.Equal(expectedUniform, scores[1].Score, 6);
        Assert.Equal(0.0, scores[2].Score, 6);
        Assert.Equal(expectedUniform, scores[0].Uniform, 6);
    }

    [Fact]
    public void Induction_keys_sum_over_every_earlier_occurrence()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 5, 6, 5, 7, 5 }).view(1, 5);
        var keys = AttentionPatternScores.InductionKeys(ids)[0];           // (T, T)
        // Query 4 (token 5) follows occurrences at 0 and 2: keys 1 and 3. Query 2 follows the one at 0: key 1.
        Assert.Equal(new float[] { 0, 1, 0, 1, 0 }, keys[4].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 0, 0 }, keys[2].data<float>().ToArray());
        Assert.Equal(0f, keys[1].sum().item<float>());
        Assert.Equal(0f, keys[3].sum().item<float>());
    }

    [Fact]
    public void Ids_with_no_repeat_are_refused_with_the_reason()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => AttentionPatternScores.Induction([Uniform(4)], arange(4L).view(1, 4)));
        Assert.Contains("occurs twice", error.Message);
    }
}
