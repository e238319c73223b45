using LlmInteractive.Evaluation;
using LlmInteractive.Models;
using LlmInteractive.Tests.Models;

namespace LlmInteractive.Tests.Generation;

public sealed class ScoringTests
{
    readonly TinyCharTokenizer tokenizer = new();

    [Fact]
    public void One_pass_scoring_equals_the_chain_rule_computed_prefix_by_prefix()
    {
        using var model = TinyModels.Gpt();
        const string text = "the cat sat.";

        var onePass = Scoring.Score(model, tokenizer, text, topK: 3);
        var stepByStep = Scoring.StepByStep(model, tokenizer, text, topK: 3);

        Assert.Equal(["t"], onePass.Context);
        Assert.Equal(text.Length - 1, onePass.Tokens.Count);
        Assert.Equal(onePass.Tokens.Select(t => t.Text), stepByStep.Tokens.Select(t => t.Text));
        for (var i = 0; i < onePass.Tokens.Count; i++)
        {
            Assert.Equal(onePass.Tokens[i].Probability, stepByStep.Tokens[i].Probability, 1e-5);
            Assert.Equal(onePass.Tokens[i].Alternatives.Select(a => a.Id), stepByStep.Tokens[i].Alternatives.Select(a => a.Id));
        }
        Assert.Equal(onePass.LogProbability, stepByStep.LogProbability, 1e-4);
        Assert.All(onePass.Tokens, t => Assert.Equal(3, t.Alternatives.Count));
        Assert.All(onePass.Tokens, t => Assert.True(t.Alternatives[0].Probability >= t.Alternatives[2].Probability));
    }

    [Fact]
    public void Attention_maps_have_one_row_per_token_summing_to_one()
    {
        using var model = TinyModels.Gpt();

        var maps = Scoring.Attention(model, tokenizer, "hello");

        Assert.Equal(["h", "e", "l", "l", "o"], maps.Tokens);
        Assert.True(maps.Causal);
        Assert.Equal(2, maps.Layers);
        Assert.Equal(2, maps.Heads);
        foreach (var row in maps.Weights.SelectMany(layer => layer).SelectMany(head => head))
        {
            Assert.Equal(5, row.Length);
            Assert.Equal(1.0, row.Sum(), 1e-5);
        }
        Assert.Equal(0f, maps.Weights[1][0][0][1]); // the first token cannot see the second
    }

    [Fact]
    public void Texts_longer_than_the_context_or_empty_are_refused_with_the_reason()
    {
        using var model = TinyModels.Gpt(context: 8);

        var tooLong = Assert.Throws<ArgumentException>(() => Scoring.Score(model, tokenizer, "abcdefghij", 3));
        Assert.Contains("10 tokens, longer than the model's ContextLength 8", tooLong.Message);
        var empty = Assert.Throws<ArgumentException>(() => Scoring.Score(model, tokenizer, "", 3));
        Assert.Contains("no tokens", empty.Message);
    }

    [Fact]
    public void A_masked_language_model_shows_attention_both_ways_but_is_not_scored_left_to_right()
    {
        var vocabulary = new BertVocabulary(tokenizer);
        TorchSharp.torch.manual_seed(6);
        using var bert = new Bert(new BertConfig(vocabulary.VocabSize, ContextLength: 16, Layers: 1, Heads: 2, EmbeddingSize: 32));

        var maps = Scoring.Attention(bert, vocabulary, "cat");

        Assert.False(maps.Causal);
        Assert.True(maps.Weights[0][0][0][2] > 0, "the first token attends to the last");
        Assert.All(maps.Weights[0].SelectMany(head => head), row => Assert.Equal(1.0, row.Sum(), 1e-5));
        var error = Assert.Throws<NotSupportedException>(() => Scoring.Score(bert, vocabulary, "cat", 3));
        Assert.Contains("needs a left-to-right (causal) model", error.Message);
    }
}
