using LlmInteractive.Evaluation;
using LlmInteractive.Tests.Models;

namespace LlmInteractive.Tests.Evaluation;

public sealed class PerplexityTests
{
    readonly TinyCharTokenizer tokenizer = new();
    const string LongText = "the whale swam far. the sea was calm, and the ship sailed on!";   // 61 characters, context 16

    [Fact]
    public void Within_one_window_it_is_the_one_pass_chain_rule()
    {
        using var model = TinyModels.Gpt();
        const string text = "call me ishmael";
        var expected = Scoring.Score(model, tokenizer, text, topK: 0).Tokens.Select(t => Math.Log(t.Probability)).ToArray();

        var logProbabilities = Perplexity.LogProbabilities(model, tokenizer.Encode(text));

        Assert.Equal(expected.Length, logProbabilities.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], logProbabilities[i], 1e-5);
        var result = Perplexity.Of(model, tokenizer.Encode(text));
        Assert.Equal(-expected.Average(), result.CrossEntropy, 1e-5);
        Assert.Equal(Math.Exp(result.CrossEntropy), result.Perplexity, 12);
        Assert.Equal(result.CrossEntropy / Math.Log(2), result.BitsPerToken, 12);
    }

    [Fact]
    public void Stride_one_gives_every_later_token_a_full_window_of_context()
    {
        using var model = TinyModels.Gpt();
        var ids = tokenizer.Encode(LongText);
        int window = model.ContextLength;

        var logProbabilities = Perplexity.LogProbabilities(model, ids, stride: 1);

        Assert.Equal(ids.Count - 1, logProbabilities.Length);
        for (var t = window; t < ids.Count; t++)
        {
            // P(x_t | x_{t−window} … x_{t−1}): the last conditional of those window + 1 characters scored as one window
            // (which the first test checks against the one-pass chain rule).
            var alone = Perplexity.LogProbabilities(model, ids.Skip(t - window).Take(window + 1).ToList());
            Assert.Equal(alone[^1], logProbabilities[t - 1], 1e-5);
        }
    }

    [Fact]
    public void Every_token_is_scored_once_and_the_first_window_as_in_one_pass()
    {
        using var model = TinyModels.Gpt();
        var ids = tokenizer.Encode(LongText);
        var firstWindow = Perplexity.LogProbabilities(model, ids.Take(model.ContextLength + 1).ToList());

        var halfStride = Perplexity.LogProbabilities(model, ids);
        var fullStride = Perplexity.LogProbabilities(model, ids, stride: model.ContextLength);

        Assert.Equal(ids.Count - 1, halfStride.Length);
        Assert.All(halfStride, lp => Assert.True(lp < 0 && double.IsFinite(lp)));
        for (var i = 0; i < firstWindow.Length; i++) Assert.Equal(firstWindow[i], halfStride[i], 1e-5);
        // Past the first window the two strides condition on different contexts, so the values differ.
        Assert.Contains(Enumerable.Range(model.ContextLength, ids.Count - 1 - model.ContextLength), i => Math.Abs(halfStride[i] - fullStride[i]) > 1e-4);
    }

    [Fact]
    public void A_continuation_is_scored_given_its_prompt()
    {
        using var model = TinyModels.Gpt();
        var prompt = tokenizer.Encode("the sea ");
        var continuation = tokenizer.Encode("was calm");
        var all = Perplexity.LogProbabilities(model, [.. prompt, .. continuation]);

        var scored = Perplexity.ContinuationLogProbabilities(model, prompt, continuation);

        Assert.Equal(continuation.Count, scored.Length);
        Assert.Equal(all[^continuation.Count..], scored);
    }

    [Fact]
    public void Bad_input_names_the_problem()
    {
        using var model = TinyModels.Gpt();
        Assert.Contains("at least two tokens", Assert.Throws<ArgumentException>(() => Perplexity.LogProbabilities(model, [3])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Perplexity.LogProbabilities(model, [1, 2, 3], stride: model.ContextLength + 1));
        Assert.Contains("vocabulary", Assert.Throws<ArgumentException>(() => Perplexity.LogProbabilities(model, [1, 99])).Message);
        Assert.Contains("context token", Assert.Throws<ArgumentException>(() => Perplexity.ContinuationLogProbabilities(model, [], [1, 2])).Message);
        Assert.Throws<ArgumentException>(() => PerplexityResult.FromLogProbabilities([]));
    }
}
