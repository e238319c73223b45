using LlmInteractive.Data;
using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Evaluation;

/// <summary>
/// Next-token loss at each position of the context window: position t predicts token t + 1 from t + 1 tokens of
/// context, so the curve shows how much a model gains from each further token it can see (Khandelwal et al. 2018).
/// </summary>
public static class LossByPosition
{
    /// <summary>
    /// Mean cross-entropy (nats) at each of the T positions over the first <paramref name="batchCount"/> sequential
    /// batches of <paramref name="batches"/>: T values, the mean of which is the ordinary validation loss.
    /// </summary>
    public static double[] Measure(ILanguageModel model, TokenBatches batches, int batchCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        if (batchCount < 1 || batchCount > batches.SequentialBatchCount)
            throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount,
                $"Give between 1 and {batches.SequentialBatchCount} batches (the sequential batches that cover the stream once).");
        using var inference = new InferenceScope(model.Module);
        using var outer = NewDisposeScope();
        var total = zeros(batches.ContextLength, dtype: ScalarType.Float64, device: batches.Device);     // (T)
        for (var b = 0; b < batchCount; b++)
        {
            using var scope = NewDisposeScope();
            var (inputs, targets) = batches.Sequential(b);                                                // (B, T)
            var logits = model.Logits(inputs);                                                            // (B, T, V)
            var losses = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1),
                reduction: nn.Reduction.None).view(targets.shape[0], targets.shape[1]);                   // (B, T)
            total.add_(losses.to(ScalarType.Float64).sum(dim: 0));
        }
        var count = (double)batchCount * batches.BatchSize;
        return [.. (total / count).cpu().data<double>()];
    }
}
