using LlmInteractive.Interpretability;
using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>How much the loss depends on one attention head.</summary>
public sealed record HeadImportanceScore(int Layer, int Head, double Score);

/// <summary>
/// Head importance for head pruning (Michel et al. 2019, "Are sixteen heads really better than one?"). With a mask
/// ξ_h multiplying each head's output, I_h = E_x |∂L(x)/∂ξ_h| at ξ = 1: a first-order estimate of what removing the
/// head costs, one backward pass per batch for all heads at once. <see cref="Ablation"/> measures the same thing
/// exactly, one evaluation per head. Prune the lowest-scoring heads first with <see cref="HeadAblation.Zero"/>.
/// </summary>
public static class HeadImportance
{
    /// <param name="model">Any lab model whose attention layers have a head mask (<see cref="IHasHeadMask"/>).</param>
    /// <param name="loss">The loss of batch i (the model's forward inside), a scalar.</param>
    /// <param name="normalizePerLayer">Divide each layer's scores by their ℓ2 norm, as Michel et al. do before comparing
    /// heads across layers. It assumes the layers matter about equally; where they do not (notebook 08: every layer-0 head
    /// matters, few later ones do) it misranks heads across layers, so compare raw scores for global pruning.</param>
    public static IReadOnlyList<HeadImportanceScore> Gradient(nn.Module model, Func<int, Tensor> loss, int batches, bool normalizePerLayer = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        var layers = HeadAblation.Layers(model);
        if (layers.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} has no attention layers with a head mask.", nameof(model));
        if (layers.Any(l => l.HeadMask is not null))
            throw new InvalidOperationException("A head mask is already set (an ablation is active); dispose it before scoring heads.");

        var device = Devices.Of(model);
        var masks = layers.Select(l => ones(l.Heads, ScalarType.Float32, device, requires_grad: true).DetachFromDisposeScope()).ToList();
        var totals = layers.Select(l => new double[l.Heads]).ToList();
        var wasTraining = model.training;
        model.eval();
        try
        {
            for (int i = 0; i < layers.Count; i++) layers[i].HeadMask = masks[i];
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                var gradients = autograd.grad([loss(b)], masks);
                for (int i = 0; i < layers.Count; i++)
                {
                    var g = gradients[i].abs().to(ScalarType.Float64).cpu().data<double>().ToArray();
                    for (int h = 0; h < g.Length; h++) totals[i][h] += g[h] / batches;
                }
            }
        }
        finally
        {
            foreach (var layer in layers) layer.HeadMask = null;
            foreach (var mask in masks) mask.Dispose();
            model.train(wasTraining);
        }

        var scores = new List<HeadImportanceScore>();
        for (int i = 0; i < layers.Count; i++)
        {
            var norm = normalizePerLayer ? Math.Sqrt(totals[i].Sum(v => v * v)) : 1;
            for (int h = 0; h < totals[i].Length; h++) scores.Add(new HeadImportanceScore(i, h, norm > 0 ? totals[i][h] / norm : 0));
        }
        return scores;
    }

    /// <summary>The rise of <paramref name="evaluate"/> (e.g. held-out loss) when each head alone is removed.</summary>
    public static IReadOnlyList<HeadImportanceScore> Ablation(nn.Module model, Func<double> evaluate)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(evaluate);
        var layers = HeadAblation.Layers(model);
        var intact = evaluate();
        var scores = new List<HeadImportanceScore>();
        for (int l = 0; l < layers.Count; l++)
            for (int h = 0; h < layers[l].Heads; h++)
            {
                using var _ = HeadAblation.Zero(model, (l, h));
                scores.Add(new HeadImportanceScore(l, h, evaluate() - intact));
            }
        return scores;
    }
}
