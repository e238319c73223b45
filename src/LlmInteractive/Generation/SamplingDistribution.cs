using static TorchSharp.torch;

namespace LlmInteractive.Generation;

/// <summary>Turns next-token logits into the distribution a token is drawn from: temperature, then top-k, then top-p.</summary>
internal static class SamplingDistribution
{
    /// <summary>
    /// Probabilities (V) for logits (V). With temperature 0 (greedy) the ranking is what matters; the distribution shown is
    /// the model's own (temperature 1) after the same top-k / top-p filtering.
    /// </summary>
    public static Tensor From(Tensor logits, GenerationOptions options)
    {
        var scaled = options.Temperature > 0 ? logits / options.Temperature : logits.clone();    // (V)
        if (options.TopK is int k && k < scaled.shape[0])
        {
            var kth = scaled.topk(k).values[-1];                                                 // k-th largest logit
            scaled = scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
        }
        var probabilities = softmax(scaled, -1);                                                 // (V)
        if (options.TopP is double p && p < 1)
        {
            var (sorted, order) = probabilities.sort(descending: true);                          // (V), (V)
            // Keep a token while the mass before it is still below p, so the most likely token always stays.
            var massBefore = sorted.cumsum(0) - sorted;
            var dropSorted = massBefore.ge(p);                                                   // (V), in sorted order
            var drop = zeros_like(dropSorted).scatter(0, order, dropSorted);                     // (V), in vocabulary order
            probabilities = probabilities.masked_fill(drop, 0.0);
            probabilities = probabilities / probabilities.sum();
        }
        return probabilities;
    }
}
