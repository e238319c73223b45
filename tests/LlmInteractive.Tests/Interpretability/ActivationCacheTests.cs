using LlmInteractive.Interpretability;
using LlmInteractive.Tests.Models;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Interpretability;

public sealed class ActivationCacheTests
{
    [Fact]
    public void One_pass_records_what_the_separate_entry_points_compute()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();   // 2 layers × 2 heads
        model.eval();
        var ids = TinyModels.RandomIds(3, 10, 31);
        using var cache = ActivationCache.Run(model, ids);
        using var _ = no_grad();

        Assert.Equal(["blocks.0.hook_resid_pre", "blocks.0.attn.hook_pattern", "blocks.0.attn.hook_z", "blocks.0.hook_resid_post",
                      "blocks.1.hook_resid_pre", "blocks.1.attn.hook_pattern", "blocks.1.attn.hook_z", "blocks.1.hook_resid_post", "logits"], cache.Names);
        Assert.True((cache["logits"] - model.Logits(ids)).abs().max().item<float>() < 1e-5);
        var (_, attention) = model.LogitsWithAttention(ids);
        var residuals = model.ResidualStream(ids);
        for (var l = 0; l < 2; l++)
        {
            Assert.Equal(0f, (cache[$"blocks.{l}.attn.hook_pattern"] - attention[l]).abs().max().item<float>());
            Assert.True((cache[$"blocks.{l}.hook_resid_pre"] - residuals[l]).abs().max().item<float>() < 1e-5);
            Assert.True((cache[$"blocks.{l}.hook_resid_post"] - residuals[l + 1]).abs().max().item<float>() < 1e-5);
            using var z = HeadPatch.Outputs(model, l, ids);
            Assert.True((cache[$"blocks.{l}.attn.hook_z"] - z).abs().max().item<float>() < 1e-5);
        }
        Assert.Equal(new long[] { 3, 2, 10, 16 }, cache["blocks.0.attn.hook_z"].shape);   // (B, nh, T, hs): width 32 / 2 heads
    }

    [Fact]
    public void The_cache_sees_an_ablation_in_force_leaves_the_model_as_it_was_and_names_what_it_holds()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(2, 8, 31);
        using (HeadAblation.Zero(model, (1, 1)))
        using (var ablated = ActivationCache.Run(model, ids))
        {
            Assert.Equal(0f, ablated["blocks.1.attn.hook_z"][TensorIndex.Colon, 1].abs().max().item<float>());
            Assert.True(ablated["blocks.1.attn.hook_z"][TensorIndex.Colon, 0].abs().max().item<float>() > 0);
        }
        Assert.All(HeadAblation.Layers(model).OfType<LlmInteractive.Models.MultiHeadAttention>(), l => Assert.Null(l.HeadOutputEdit));

        var cache = ActivationCache.Run(model, ids);
        var error = Assert.Throws<KeyNotFoundException>(() => cache["blocks.0.hook_mlp_out"]);
        Assert.Contains("blocks.0.attn.hook_pattern", error.Message);
        var logits = cache["logits"];
        cache.Dispose();
        Assert.True(logits.IsInvalid, "disposing the cache frees its tensors");
    }
}
