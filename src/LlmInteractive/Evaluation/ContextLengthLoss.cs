using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Evaluation;

/// <summary>
/// The loss of the same target tokens when the model may read only the last c tokens before each (Khandelwal et al.
/// 2018's truncated context). Every context length scores the same targets, so differences between lengths are
/// paired: they measure what the extra context is worth, not which tokens happened to land at a position.
/// </summary>
public sealed class ContextLengthLoss
{
    ContextLengthLoss(int[] contextLengths, double[][] losses) => (ContextLengths, Losses) = (contextLengths, losses);

    /// <summary>The context lengths c, in the order given.</summary>
    public IReadOnlyList<int> ContextLengths { get; }

    /// <summary>Per context length, the loss (nats) of each target: [length index][target].</summary>
    public IReadOnlyList<double[]> Losses { get; }

    /// <summary>Mean loss with context length index <paramref name="i"/>.</summary>
    public double Mean(int i) => Losses[i].Average();

    /// <summary>Mean paired difference loss(i) − loss(j) and its standard error over the targets.</summary>
    public (double Mean, double StandardError) Difference(int i, int j)
    {
        var d = Losses[i].Zip(Losses[j], (a, b) => a - b).ToArray();
        var mean = d.Average();
        return (mean, Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1) / d.Length));
    }

    /// <summary>
    /// Scores <paramref name="targets"/> tokens of <paramref name="stream"/>, drawn uniformly (seeded) from those with at
    /// least max(c) tokens before them, with each context length in <paramref name="contextLengths"/>.
    /// </summary>
    public static ContextLengthLoss Measure(ILanguageModel model, IReadOnlyList<int> stream, IReadOnlyList<int> contextLengths,
        int targets, int seed = 0, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(contextLengths);
        if (contextLengths.Count == 0 || contextLengths.Any(c => c < 1))
            throw new ArgumentException("Give one or more context lengths of at least 1 token.", nameof(contextLengths));
        var longest = contextLengths.Max();
        if (targets < 2 || stream.Count <= longest)
            throw new ArgumentException($"Need at least 2 targets and a stream longer than the longest context {longest} (got {stream.Count} tokens).");
        var random = new Random(seed);
        var positions = Enumerable.Range(0, targets).Select(_ => random.Next(longest, stream.Count)).ToArray();
        var device = model.Module.parameters().First().device;

        using var inference = new InferenceScope(model.Module);
        var losses = contextLengths.Select(c =>
        {
            var perTarget = new double[targets];
            for (var start = 0; start < targets; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, targets - start);
                var ids = new long[count * c];
                var next = new long[count];
                for (var b = 0; b < count; b++)
                {
                    var target = positions[start + b];
                    for (var t = 0; t < c; t++) ids[b * c + t] = stream[target - c + t];
                    next[b] = stream[target];
                }
                var logits = model.Logits(tensor(ids, device: device).view(count, c))[TensorIndex.Colon, -1];   // (b, V)
                var loss = nn.functional.cross_entropy(logits, tensor(next, device: device), reduction: nn.Reduction.None);
                loss.to(ScalarType.Float64).cpu().data<double>().CopyTo(perTarget, start);
            }
            return perTarget;
        }).ToArray();
        return new ContextLengthLoss([.. contextLengths], losses);
    }
}
