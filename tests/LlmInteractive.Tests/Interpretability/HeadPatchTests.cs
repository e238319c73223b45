using LlmInteractive.Interpretability;
using LlmInteractive.Tests.Models;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Interpretability;

public sealed class HeadPatchTests
{
    [Fact]
    public void Patching_a_head_with_its_own_output_changes_nothing()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(2, 10, 31);
        using var _ = no_grad();
        var before = model.Logits(ids);
        using var recorded = HeadPatch.Outputs(model, 0, ids);
        Assert.Equal(new long[] { 2, 2, 10, 16 }, recorded.shape);
        using (HeadPatch.Replace(model, 0, 1, recorded, ones(10, dtype: ScalarType.Bool)))
            Assert.True((model.Logits(ids) - before).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void A_head_patched_from_another_input_moves_only_later_positions_and_is_restored()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var clean = TinyModels.RandomIds(1, 10, 31, seed: 1);
        var other = TinyModels.RandomIds(1, 10, 31, seed: 2);
        using var _ = no_grad();
        var before = model.Logits(clean);
        using var recorded = HeadPatch.Outputs(model, 0, other);
        var positions = arange(10).ge(6);                                  // patch positions 6..9

        Tensor patched, patchedExplicit;
        using (HeadPatch.Replace(model, 0, 0, recorded, positions))
        {
            patched = model.Logits(clean);
            patchedExplicit = model.LogitsWithAttention(clean).Logits;
        }
        var earlier = (patched - before)[0, TensorIndex.Slice(0, 6)].abs().max().item<float>();
        var later = (patched - before)[0, TensorIndex.Slice(6, null)].abs().max().item<float>();
        Assert.True(earlier < 1e-6, $"positions before the patch moved by {earlier}");
        Assert.True(later > 1e-4, $"the patch should move positions 6..9 (moved {later})");
        Assert.True((patched - patchedExplicit).abs().max().item<float>() < 1e-5, "fused and explicit paths must patch alike");
        Assert.Equal(0f, (model.Logits(clean) - before).abs().max().item<float>());
    }

    [Fact]
    public void Bad_layers_heads_and_shapes_are_refused_with_the_range()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(1, 10, 31);
        using var recorded = HeadPatch.Outputs(model, 1, ids);
        Assert.Contains("0 to 1", Assert.Throws<ArgumentOutOfRangeException>(() => HeadPatch.Outputs(model, 2, ids)).Message);
        Assert.Contains("heads 0 to 1", Assert.Throws<ArgumentOutOfRangeException>(() => HeadPatch.Replace(model, 1, 2, recorded, ones(10, dtype: ScalarType.Bool))).Message);
        Assert.Contains("(T) bool mask", Assert.Throws<ArgumentException>(() => HeadPatch.Replace(model, 1, 0, recorded, ones(9, dtype: ScalarType.Bool))).Message);
    }
}
