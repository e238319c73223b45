using LlmInteractive.Compression;
using LlmInteractive.Interpretability;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Compression;

public sealed class HeadImportanceTests
{
    [Fact]
    public void Gradient_importance_is_the_mean_absolute_mask_gradient_and_leaves_the_model_as_it_was()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();                                            // 2 layers × 2 heads
        var ids = TinyModels.RandomIds(2, 12, 31);
        var batches = new[] { ids, TinyModels.RandomIds(2, 12, 31, seed: 9) };
        Tensor Loss(int b) => model.Loss(batches[b][.., ..^1], batches[b][.., 1..]);

        var scores = HeadImportance.Gradient(model, Loss, batches.Length, normalizePerLayer: false);
        Assert.Equal(4, scores.Count);
        Assert.All(HeadAblation.Layers(model), l => Assert.Null(l.HeadMask));

        // The same derivative by finite differences: scale one head by 1 ± ε.
        const double epsilon = 1e-2;
        double Finite(int layer, int head, int b)
        {
            var attention = HeadAblation.Layers(model)[layer];
            double At(float value)
            {
                var weights = Enumerable.Repeat(1f, attention.Heads).ToArray();
                weights[head] = value;
                attention.HeadMask = tensor(weights);
                using var _ = no_grad();
                var loss = Loss(b).item<float>();
                attention.HeadMask.Dispose();
                attention.HeadMask = null;
                return loss;
            }
            return (At(1 + (float)epsilon) - At(1 - (float)epsilon)) / (2 * epsilon);
        }
        foreach (var s in scores)
        {
            var expected = batches.Select((_, b) => Math.Abs(Finite(s.Layer, s.Head, b))).Average();
            Assert.True(Math.Abs(s.Score - expected) < 0.05 * expected + 1e-3, $"head ({s.Layer}, {s.Head}): {s.Score:F5} vs {expected:F5}");
        }

        var normalized = HeadImportance.Gradient(model, Loss, batches.Length);
        foreach (var layer in normalized.GroupBy(s => s.Layer))
            Assert.Equal(1.0, Math.Sqrt(layer.Sum(s => s.Score * s.Score)), 6);
    }

    [Fact]
    public void Ablation_importance_is_the_loss_rise_of_removing_each_head()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(2, 12, 31);
        double Evaluate() { using var _ = no_grad(); return model.Loss(ids[.., ..^1], ids[.., 1..]).item<float>(); }
        var intact = Evaluate();
        var scores = HeadImportance.Ablation(model, Evaluate);
        Assert.Equal(4, scores.Count);
        double removed;
        using (HeadAblation.Zero(model, (1, 1))) removed = Evaluate();
        Assert.Equal(removed - intact, scores.Single(s => s.Layer == 1 && s.Head == 1).Score, 6);
        Assert.Equal(intact, Evaluate(), 6);
    }
}
