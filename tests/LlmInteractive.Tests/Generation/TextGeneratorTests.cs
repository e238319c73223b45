using LlmInteractive.Evaluation;
using LlmInteractive.Generation;
using LlmInteractive.Tests.Models;
using LlmInteractive.Tests.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Generation;

public sealed class TextGeneratorTests
{
    readonly TinyCharTokenizer tokenizer = new();

    [Fact]
    public void The_same_seed_gives_the_same_text_and_another_seed_another()
    {
        using var model = TinyModels.Gpt(context: 8);
        var options = new GenerationOptions(MaxTokens: 20, Temperature: 1.5, Seed: 42);

        var first = TextGenerator.Generate(model, tokenizer, "hello", options);
        var second = TextGenerator.Generate(model, tokenizer, "hello", options);
        var other = TextGenerator.Generate(model, tokenizer, "hello", options with { Seed = 43 });

        Assert.True(first.Generated);
        Assert.Equal(["h", "e", "l", "l", "o"], first.Context);
        Assert.Equal(20, first.Tokens.Count); // longer than the 8-token context: the window was cropped
        Assert.Equal(first.Tokens.Select(t => t.Id), second.Tokens.Select(t => t.Id));
        Assert.NotEqual(first.Tokens.Select(t => t.Id), other.Tokens.Select(t => t.Id));
    }

    [Fact]
    public void Greedy_decoding_picks_the_most_likely_token_each_step()
    {
        using var model = TinyModels.Gpt(context: 8);
        var streamed = new List<ScoredToken>();

        var result = TextGenerator.Generate(model, tokenizer, "abc", new GenerationOptions(MaxTokens: 6, Temperature: 0), streamed.Add);

        Assert.Equal(result.Tokens, streamed);
        var text = "abc";
        foreach (var token in result.Tokens)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var window = tokenizer.Encode(text).TakeLast(8).Select(i => (long)i).ToArray();
            var expected = (int)model.Logits(tensor(window).unsqueeze(0))[0, -1].argmax().item<long>();
            Assert.Equal(expected, token.Id);
            Assert.Equal(token.Id, token.Alternatives[0].Id);
            text += token.Text;
        }
    }

    [Fact]
    public void Top_k_and_top_p_restrict_the_choices_and_probabilities_come_from_that_distribution()
    {
        using var model = TinyModels.Gpt(context: 8);

        var topK = TextGenerator.Generate(model, tokenizer, "ab", new GenerationOptions(MaxTokens: 10, TopK: 2, Seed: 1, Alternatives: 5));
        var topP = TextGenerator.Generate(model, tokenizer, "ab", new GenerationOptions(MaxTokens: 10, TopP: 0.3, Seed: 1, Alternatives: 31));

        foreach (var token in topK.Tokens)
        {
            Assert.Contains(token.Id, token.Alternatives.Take(2).Select(a => a.Id));
            Assert.Equal(1.0, token.Alternatives.Take(2).Sum(a => a.Probability), 1e-9);
            Assert.Equal(0.0, token.Alternatives[2].Probability);
        }
        foreach (var token in topP.Tokens)
        {
            var kept = token.Alternatives.Where(a => a.Probability > 0).ToList();
            Assert.Contains(token.Id, kept.Select(a => a.Id));
            Assert.Equal(1.0, kept.Sum(a => a.Probability), 1e-9);
            Assert.True(kept.Count < 31, "top-p 0.3 should drop most of a near-uniform vocabulary");
        }
    }

    [Fact]
    public void Cancelling_the_hosts_running_work_stops_generation()
    {
        using var model = TinyModels.Gpt(context: 8);
        using var interrupt = new CancellationTokenSource();
        var produced = 0;

        using (HostStandIn.Running(interrupt.Token))
        {
            Assert.Throws<OperationCanceledException>(() => TextGenerator.Generate(model, tokenizer, "ab",
                new GenerationOptions(MaxTokens: 100, Seed: 1), _ => { if (++produced == 3) interrupt.Cancel(); }));
        }
        Assert.Equal(3, produced);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_valid_range()
    {
        using var model = TinyModels.Gpt(context: 8);

        var error = Assert.Throws<ArgumentException>(() =>
            TextGenerator.Generate(model, tokenizer, "ab", new GenerationOptions(TopP: 1.5)));
        Assert.Contains("TopP must be in (0, 1]", error.Message);
        Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, tokenizer, "ab", new GenerationOptions(Temperature: -1)));
    }
}
