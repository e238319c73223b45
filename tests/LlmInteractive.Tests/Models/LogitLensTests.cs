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
