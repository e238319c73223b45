using LlmInteractive.Compression;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Compression;

public sealed class PruningTests
{
    static double MeasuredSparsity(nn.Module model, bool includeEmbeddings)
    {
        var weights = CompressibleWeights.Find(model, includeEmbeddings).Select(w => w.Parameter).ToList();
        return weights.Sum(w => (w == 0).sum().item<long>()) / (double)weights.Sum(w => w.numel());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void The_pruned_model_has_the_requested_sparsity_and_dispose_restores_it(double sparsity)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var before = model.parameters().Select(p => p.clone()).ToList();
        var n = CompressibleWeights.Find(model, false).Sum(w => w.Parameter.numel());

        foreach (var pruningScope in new[] { PruningScope.Global, PruningScope.PerLayer })
        {
            using (var magnitude = PrunedWeights.Magnitude(model, sparsity, pruningScope))
            {
                var measured = MeasuredSparsity(model, includeEmbeddings: false);
                Assert.Equal(measured, magnitude.Sparsity, 12);
                // Global: exactly round(s·n) zeros; per layer: each matrix rounds on its own.
                Assert.InRange(measured, sparsity - (pruningScope == PruningScope.Global ? 0.5 / n : 0.01), sparsity + (pruningScope == PruningScope.Global ? 0.5 / n : 0.01));
            }
            using (var random = PrunedWeights.Random(model, sparsity, seed: 4, pruningScope))
                Assert.InRange(MeasuredSparsity(model, false), sparsity - 0.01, sparsity + 0.01);
            Assert.True(model.parameters().Zip(before, (p, b) => p.equal(b).all().item<bool>()).All(same => same), "dispose must restore every weight");
        }
    }

    [Fact]
    public void Magnitude_pruning_removes_the_smallest_weights_and_per_layer_prunes_every_matrix_alike()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var weights = CompressibleWeights.Find(model, false).Select(w => w.Parameter).ToList();
        var largestRemoved = 0f;
        var smallestKept = float.MaxValue;
        var original = weights.Select(w => w.detach().clone()).ToList();
        using (PrunedWeights.Magnitude(model, 0.4))
            for (int i = 0; i < weights.Count; i++)
            {
                var removed = weights[i] == 0;
                var magnitude = original[i].abs();
                if (removed.any().item<bool>()) largestRemoved = Math.Max(largestRemoved, magnitude.masked_select(removed).max().item<float>());
                if (removed.logical_not().any().item<bool>()) smallestKept = Math.Min(smallestKept, magnitude.masked_select(removed.logical_not()).min().item<float>());
            }
        Assert.True(largestRemoved <= smallestKept, $"removed |w| up to {largestRemoved}, kept from {smallestKept}");

        using (PrunedWeights.Magnitude(model, 0.4, PruningScope.PerLayer))
            foreach (var w in weights)
                Assert.InRange((w == 0).to(ScalarType.Float32).mean().item<float>(), 0.39f, 0.41f);
    }

    [Fact]
    public void Sparse_storage_costs_more_than_dense_at_low_sparsity_and_less_at_high()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var denseBytes = CompressibleWeights.Find(model, false).Sum(w => w.Parameter.numel()) * 4;
        using (var light = PrunedWeights.Magnitude(model, 0.2)) Assert.True(light.SparseBytes > denseBytes);
        using (var heavy = PrunedWeights.Magnitude(model, 0.8)) Assert.True(heavy.SparseBytes < denseBytes / 2);
    }
}
