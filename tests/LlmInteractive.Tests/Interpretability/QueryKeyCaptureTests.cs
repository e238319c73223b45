using LlmInteractive.Evaluation;
using LlmInteractive.Interpretability;
using LlmInteractive.Models;
using LlmInteractive.Tests.Models;
using LlmInteractive.Tests.Pretrained;
using LlmInteractive.Tests.Views;

namespace LlmInteractive.Tests.Interpretability;

public sealed class QueryKeyCaptureTests
{
    /// <summary>softmax(q·k/√d) over the captured vectors against weights the model computed in a separate forward pass.</summary>
    internal static double MaxDifference(QueryKeyVectors vectors, AttentionMaps reference)
    {
        var worst = 0.0;
        for (var l = 0; l < vectors.Layers; l++)
            for (var h = 0; h < vectors.Heads; h++)
                for (var q = 0; q < vectors.Tokens.Count; q++)
                {
                    var recomputed = vectors.Softmax(l, h, q);
                    for (var k = 0; k < recomputed.Length; k++)
                        worst = Math.Max(worst, Math.Abs(recomputed[k] - reference.Weights[l][h][q][k]));
                }
        return worst;
    }

    [Fact]
    public void Gpt_queries_and_keys_give_its_attention_weights_and_the_observer_is_removed()
    {
        using var model = TinyModels.Gpt(layers: 2);
        var tokenizer = new LetterTokenizer();
        const string text = "the cat sat.";
        var vectors = QueryKeyCapture.Capture(model, tokenizer, text);
        var reference = Scoring.Attention(model, tokenizer, text);

        Assert.Equal((2, 2, 16, text.Length), (vectors.Layers, vectors.Heads, vectors.HeadSize, vectors.Tokens.Count));
        Assert.True(vectors.Attention.Causal);
        var difference = MaxDifference(vectors, reference);
        Assert.True(difference < 1e-5, $"softmax(q·k/√d) differs from the model's weights by {difference}");
        Assert.Equal(0.0, vectors.Softmax(1, 1, 3)[4]);                      // the future is masked
        Assert.True(double.IsNaN(vectors.ScaledScores(1, 1, 3)[4]));
        // Different heads have different queries: the capture did not copy one head into all.
        Assert.NotEqual(vectors.Queries[0][0][5], vectors.Queries[0][1][5]);
        var observed = model.named_modules().Select(m => m.module).OfType<IHasQueryKeyObserver>().ToList();
        Assert.Equal(2, observed.Count);
        Assert.All(observed, layer => Assert.Null(layer.QueryKeyObserver));
    }
}

[Collection(MiniLmCollection.Name)]
public sealed class MiniLmQueryKeyCaptureTests(MiniLmFixture fixture)
{
    [Fact]
    public void MiniLm_queries_and_keys_give_its_attention_weights_for_a_sentence_and_a_pair()
    {
        var minilm = fixture.Model;
        const string text = "The whale surfaced beside the ship.";
        var single = QueryKeyCapture.Capture(minilm, minilm.Tokenizer, text);
        Assert.Equal((6, 12, 32), (single.Layers, single.Heads, single.HeadSize));
        Assert.Equal("[CLS]", single.Tokens[0]);
        var singleDifference = QueryKeyCaptureTests.MaxDifference(single, Scoring.Attention(minilm, minilm.Tokenizer, text));
        Assert.True(singleDifference < 1e-5, $"single sentence: {singleDifference}");

        var pair = QueryKeyCapture.Capture(minilm, "Call me Ishmael.", "Some years ago I went to sea.");
        var reference = Scoring.Attention(minilm, "Call me Ishmael.", "Some years ago I went to sea.");
        Assert.Equal(reference.TokenTypes, pair.Attention.TokenTypes);
        Assert.Equal(2, pair.Tokens.Count(t => t == "[SEP]"));
        Assert.Equal(1, reference.TokenTypes![^1]);
        var pairDifference = QueryKeyCaptureTests.MaxDifference(pair, reference);
        Assert.True(pairDifference < 1e-5, $"pair: {pairDifference}");
        Console.WriteLine($"max |softmax(q·k/√d) − weight|: sentence {singleDifference:E2}, pair {pairDifference:E2}");
    }
}
