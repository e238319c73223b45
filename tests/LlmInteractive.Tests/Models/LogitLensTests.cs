using LlmInteractive.Interpretability;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class LogitLensTests
{
    [Fact]
    public void The_last_layer_of_the_lens_is_the_models_output_and_there_is_one_row_per_block_plus_the_embeddings()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(layers: 3);
        var ids = TinyModels.RandomIds(2, 9, 31);
        var targets = TinyModels.RandomIds(2, 9, 31, seed: 8);
        using var _ = no_grad();

        var lens = LogitLens.LogProbabilities(model, ids);
        Assert.Equal(new long[] { 4, 2, 9, 31 }, lens.shape);
        Assert.True((lens[3] - model.Logits(ids).log_softmax(-1)).abs().max().item<float>() < 1e-5);
        Assert.True((lens[0] - lens[3]).abs().max().item<float>() > 1e-4, "earlier layers should read differently");

        var losses = LogitLens.LossByLayer(model, ids, targets);
        var expected = nn.functional.cross_entropy(model.Logits(ids).reshape(-1, 31), targets.reshape(-1)).item<float>();
        Assert.Equal(4, losses.Count);
        Assert.Equal(expected, losses[^1], 1e-4);
    }
}

public sealed class ActivationPatchingTests
{
    [Fact]
    public void Patching_the_whole_last_state_restores_the_clean_output_and_patching_a_later_position_leaves_earlier_ones()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(layers: 2);
        var clean = TinyModels.RandomIds(1, 8, 31);
        var corrupted = clean.clone();
        corrupted[0, 2] = (corrupted[0, 2] + 5) % 31;
        using var _ = no_grad();
        var cleanLogits = model.Logits(clean);
        var corruptedLogits = model.Logits(corrupted);

        // The final state at position 5 decides position 5's output alone: patched, it is the clean one.
        var patched = ActivationPatching.PatchResidual(model, clean, corrupted, state: 2, position: 5);
        Assert.True((patched[0, 5] - cleanLogits[0, 5]).abs().max().item<float>() < 1e-5);
        Assert.True((patched[0, 6] - corruptedLogits[0, 6]).abs().max().item<float>() < 1e-5);

        // Patching the corrupted token's embedding state (state 0, position 2) undoes the corruption everywhere.
        var repaired = ActivationPatching.PatchResidual(model, clean, corrupted, state: 0, position: 2);
        Assert.True((repaired - cleanLogits).abs().max().item<float>() < 1e-5);
        // Patching a position before the corruption changes nothing (causality).
        var early = ActivationPatching.PatchResidual(model, clean, corrupted, state: 1, position: 1);
        Assert.True((early - corruptedLogits).abs().max().item<float>() < 1e-5);
        Assert.True((corruptedLogits - cleanLogits).abs().max().item<float>() > 1e-4, "the corruption should matter");
    }
}
