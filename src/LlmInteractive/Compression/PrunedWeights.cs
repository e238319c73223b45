using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// Unstructured pruning after training: <c>using (PrunedWeights.Magnitude(model, 0.5)) { ... }</c> sets the half of
/// the Linear weights with the smallest |w| to zero (Han et al. 2015) and restores them on dispose;
/// <see cref="Random"/> zeroes the same number of weights chosen at random, the baseline that shows whether magnitude
/// matters. Exactly round(sparsity · n) weights are zeroed (per matrix for <see cref="PruningScope.PerLayer"/>).
/// </summary>
public sealed class PrunedWeights : IDisposable
{
    readonly WeightBackup originals = new();

    PrunedWeights() { }

    /// <summary>Weights the pruning could remove.</summary>
    public long Elements { get; private set; }

    /// <summary>Weights that are zero after pruning (measured, so weights that were already 0 count).</summary>
    public long Zeros { get; private set; }

    /// <summary>Measured fraction of zeros among the pruned matrices.</summary>
    public double Sparsity => (double)Zeros / Elements;

    /// <summary>Rows of the pruned matrices (what a compressed-sparse-row format stores one pointer for).</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// Bytes of the pruned matrices stored as compressed sparse rows: a float32 value and an int32 column index per
    /// non-zero, an int32 pointer per row. Below about 50 % sparsity this is larger than the dense float32 matrices.
    /// </summary>
    public long SparseBytes => (Elements - Zeros) * 8 + (Rows + 1) * 4;

    /// <summary>Removes the smallest-magnitude weights.</summary>
    public static PrunedWeights Magnitude(nn.Module model, double sparsity, PruningScope scope = PruningScope.Global,
        bool includeEmbeddings = false) =>
        Apply(model, sparsity, scope, includeEmbeddings, w => w.abs());

    /// <summary>Removes randomly chosen weights (the same count as <see cref="Magnitude"/>).</summary>
    public static PrunedWeights Random(nn.Module model, double sparsity, int seed, PruningScope scope = PruningScope.Global,
        bool includeEmbeddings = false)
    {
        using var generator = new Generator((ulong)seed);
        return Apply(model, sparsity, scope, includeEmbeddings, w => rand(w.shape, generator: generator).to(w.device));
    }

    static PrunedWeights Apply(nn.Module model, double sparsity, PruningScope scope, bool includeEmbeddings, Func<Tensor, Tensor> score)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (sparsity is < 0 or > 1 || double.IsNaN(sparsity))
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "Sparsity is the fraction of weights removed: between 0 and 1.");
        var weights = CompressibleWeights.Find(model, includeEmbeddings).Select(w => w.Parameter).ToList();
        var pruned = new PrunedWeights();
        using var _ = no_grad();
        using var disposeScope = NewDisposeScope();
        var scores = weights.Select(w => score(w.detach()).reshape(-1)).ToList();    // one flat score per weight
        var keep = scope == PruningScope.Global
            ? SplitBack(KeepMask(cat(scores), sparsity), scores)
            : scores.Select(s => KeepMask(s, sparsity)).ToList();
        for (int i = 0; i < weights.Count; i++)
        {
            var w = weights[i];
            pruned.originals.Save(w);
            w.mul_(keep[i].reshape(w.shape).to(w.dtype));
            pruned.Elements += w.numel();
            pruned.Zeros += (w == 0).sum().item<long>();
            pruned.Rows += w.shape[0];
        }
        return pruned;
    }

    /// <summary>1 for the weights kept, 0 for the round(sparsity · n) lowest scores (ties broken arbitrarily).</summary>
    static Tensor KeepMask(Tensor scores, double sparsity)
    {
        var n = scores.numel();
        var removed = (long)Math.Round(sparsity * n);
        var keep = ones(n, ScalarType.Float32, scores.device);
        if (removed > 0)
        {
            var lowest = scores.argsort()[TensorIndex.Slice(0, removed)];
            keep.index_fill_(0, lowest, 0);
        }
        return keep;
    }

    static List<Tensor> SplitBack(Tensor flat, IReadOnlyList<Tensor> parts) =>
        flat.split(parts.Select(p => p.numel()).ToArray()).ToList();

    /// <summary>Puts the removed weights back.</summary>
    public void Dispose() => originals.Restore();
}
