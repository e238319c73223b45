using LlmInteractive.Interpretability;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class HeadAblationTests
{
    [Fact]
    public void Ablating_a_head_changes_the_output_in_both_paths_and_disposing_restores_it()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();   // 2 layers × 2 heads
        var ids = TinyModels.RandomIds(2, 10, 31);
        using var _ = no_grad();
        var before = model.Logits(ids);

        Tensor ablatedFused, ablatedExplicit;
        using (HeadAblation.Zero(model, (1, 0)))
        {
            ablatedFused = model.Logits(ids);
            ablatedExplicit = model.LogitsWithAttention(ids).Logits;
        }
        var after = model.Logits(ids);

        Assert.True((ablatedFused - before).abs().max().item<float>() > 1e-4, "removing a head should change the logits");
        Assert.True((ablatedFused - ablatedExplicit).abs().max().item<float>() < 1e-5, "the fused and explicit paths must ablate alike");
        Assert.Equal(0f, (after - before).abs().max().item<float>());
    }

    [Fact]
    public void With_every_head_removed_no_position_sees_another()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(1, 10, 31);
        var changed = ids.clone();
        changed[0, 0] = (changed[0, 0] + 1) % 31;   // edit the first token only
        using var _ = no_grad();
        using (HeadAblation.Zero(model, (0, 0), (0, 1), (1, 0), (1, 1)))
        {
            var gap = (model.Logits(ids) - model.Logits(changed))[0, TensorIndex.Slice(1, null)].abs().max().item<float>();
            Assert.True(gap < 1e-6, $"later positions still read the first token ({gap})");
        }
        var intact = (model.Logits(ids) - model.Logits(changed))[0, TensorIndex.Slice(1, null)].abs().max().item<float>();
        Assert.True(intact > 1e-5, "with attention intact, later positions do read the first token");
    }

    [Fact]
    public void Mean_ablation_over_copies_of_the_input_changes_nothing_and_is_undone_on_dispose()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(1, 10, 31);
        var other = TinyModels.RandomIds(4, 10, 31, seed: 11);
        using var _ = no_grad();
        var before = model.Logits(ids);
        // The mean of four copies of a row is that row's own head output: nothing may change.
        using (HeadAblation.Mean(model, ids.expand(4, -1), (0, 1), (1, 0)))
            Assert.True((model.Logits(ids) - before).abs().max().item<float>() < 1e-5);
        using (HeadAblation.Mean(model, other, (1, 0)))
            Assert.True((model.Logits(ids) - before).abs().max().item<float>() > 1e-4, "another batch's mean should change the output");
        Assert.Equal(0f, (model.Logits(ids) - before).abs().max().item<float>());
    }

    [Fact]
    public void With_every_head_mean_ablated_no_position_sees_another_and_longer_inputs_are_refused()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(1, 10, 31);
        var changed = ids.clone();
        changed[0, 0] = (changed[0, 0] + 1) % 31;
        using var _ = no_grad();
        using (HeadAblation.Mean(model, TinyModels.RandomIds(8, 10, 31), (0, 0), (0, 1), (1, 0), (1, 1)))
        {
            var gap = (model.Logits(ids) - model.Logits(changed))[0, TensorIndex.Slice(1, null)].abs().max().item<float>();
            Assert.True(gap < 1e-6, $"later positions still read the first token ({gap})");
            var error = Assert.Throws<InvalidOperationException>(() => model.Logits(TinyModels.RandomIds(1, 12, 31)));
            Assert.Contains("reference ids at least as long", error.Message);
        }
    }

    [Fact]
    public void A_head_that_does_not_exist_is_refused_with_the_shape()
    {
        using var model = TinyModels.Gpt();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => HeadAblation.Zero(model, (2, 0)));
        Assert.Contains("2 layer(s) of 2 head(s)", error.Message);
    }
}

public sealed class PostLayerNormBertHeadAblationTests
{
    [Fact]
    public void Ablating_a_pretrained_style_bert_head_changes_the_hidden_states_in_both_paths_and_disposing_restores_them()
    {
        using var scope = NewDisposeScope();
        using var encoder = new LlmInteractive.Models.PostLayerNormBert(new LlmInteractive.Models.PostLayerNormBertConfig(
            VocabularySize: 50, MaxPositions: 16, Layers: 2, Heads: 2, HiddenSize: 8, IntermediateSize: 16));
        encoder.eval();
        var ids = TinyModels.RandomIds(2, 10, 50);
        using var _ = no_grad();
        var before = encoder.HiddenStates(ids);

        Assert.Equal(2, HeadAblation.Layers(encoder).Count);
        Tensor ablatedFused, ablatedExplicit;
        using (HeadAblation.Zero(encoder, (0, 1)))
        {
            ablatedFused = encoder.HiddenStates(ids);
            ablatedExplicit = encoder.Encode(ids, attentions: true).LastHiddenState;
        }
        var after = encoder.HiddenStates(ids);

        Assert.True((ablatedFused - before).abs().max().item<float>() > 1e-4, "removing a head should change the hidden states");
        Assert.True((ablatedFused - ablatedExplicit).abs().max().item<float>() < 1e-5, "the fused and explicit paths must ablate alike");
        Assert.Equal(0f, (after - before).abs().max().item<float>());
        Assert.All(HeadAblation.Layers(encoder), layer => Assert.Null(layer.HeadMask));
    }
}
