using LlmInteractive.Models;
using LlmInteractive.Runtime;
using static TorchSharp.torch;

namespace LlmInteractive.Evaluation;

/// <summary>Mean negative log-likelihood of scored tokens and what it is usually reported as.</summary>
/// <param name="TokensScored">How many conditionals P(x_t | context) were averaged.</param>
/// <param name="CrossEntropy">−(1/N) Σ ln P(x_t | context), in nats per token.</param>
public sealed record PerplexityResult(int TokensScored, double CrossEntropy)
{
    /// <summary>exp(cross-entropy): the size of a uniform choice that would be as surprising per token.</summary>
    public double Perplexity => Math.Exp(CrossEntropy);

    public double BitsPerToken => CrossEntropy / Math.Log(2);

    /// <summary>The mean of <paramref name="logProbabilities"/> (natural log), negated.</summary>
    public static PerplexityResult FromLogProbabilities(IReadOnlyCollection<double> logProbabilities)
    {
        ArgumentNullException.ThrowIfNull(logProbabilities);
        if (logProbabilities.Count == 0) throw new ArgumentException("Perplexity needs at least one scored token.", nameof(logProbabilities));
        return new(logProbabilities.Count, -logProbabilities.Average());
    }
}

/// <summary>
/// Perplexity of a causal model on a text of any length: sliding windows of the model's context, each window scoring
/// only the tokens the previous one did not reach, so every token t ≥ 1 is scored once, with at least
/// ContextLength − stride tokens before it (all of them inside the first window). A smaller stride gives every token
/// more context and costs more passes; stride 1 gives every token a full window.
/// </summary>
public static class Perplexity
{
    /// <summary>Perplexity of <paramref name="ids"/> (tokens 1..n−1 scored; token 0 is context).</summary>
    public static PerplexityResult Of(ILanguageModel model, IReadOnlyList<int> ids, int? stride = null) =>
        PerplexityResult.FromLogProbabilities(LogProbabilities(model, ids, stride));

    /// <summary>Entry t − 1 is ln P(x_t | the window before x_t), for t = 1..n−1.</summary>
    public static double[] LogProbabilities(ILanguageModel model, IReadOnlyList<int> ids, int? stride = null, int windowsPerBatch = 32)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ids);
        if (!model.IsCausal)
            throw new NotSupportedException("Perplexity needs a left-to-right (causal) model such as Gpt or LstmLanguageModel; a masked model sees both sides.");
        if (ids.Count < 2) throw new ArgumentException("Perplexity needs at least two tokens: the first is only context.", nameof(ids));
        int window = model.ContextLength, step = stride ?? Math.Max(1, window / 2);
        if (step < 1 || step > window)
            throw new ArgumentOutOfRangeException(nameof(stride), step, $"The stride must be between 1 and the context length {window}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerBatch, 1);
        // Checked here and not left to the model: the last token is only ever a target, never an input.
        var bad = ids.FirstOrDefault(id => id < 0 || id >= model.VocabularySize, -1);
        if (bad != -1) throw new ArgumentException($"Token id {bad} is outside the model's vocabulary of {model.VocabularySize}.", nameof(ids));

        int n = ids.Count;
        var result = new double[n - 1];
        var starts = new List<int> { 0 };
        while (starts[^1] + window < n - 1) starts.Add(starts[^1] + step);
        var device = Devices.Of(model.Module);
        using var inference = new InferenceScope(model.Module);
        // Windows of equal length go through the model together; only the last one can be shorter.
        foreach (var group in starts.GroupBy(s => Math.Min(window, n - 1 - s)))
            foreach (var batch in group.Chunk(windowsPerBatch))
            {
                using var scope = NewDisposeScope();
                int length = group.Key;
                var inputs = tensor(batch.SelectMany(s => Slice(ids, s, length)).ToArray(), device: device).reshape(batch.Length, length);         // (B, L)
                var targets = tensor(batch.SelectMany(s => Slice(ids, s + 1, length)).ToArray(), device: device).reshape(batch.Length, length, 1); // (B, L, 1)
                var picked = model.Logits(inputs).to(ScalarType.Float64).log_softmax(-1).gather(2, targets).squeeze(2)                             // (B, L)
                    .cpu().data<double>().ToArray();
                for (var w = 0; w < batch.Length; w++)
                    // The first window scores all its targets; later ones only those past the previous window's end.
                    for (var o = batch[w] == 0 ? 0 : window - step; o < length; o++)
                        result[batch[w] + o] = picked[w * length + o];
            }
        return result;
    }

    /// <summary>
    /// ln P of each token of <paramref name="continuation"/> given <paramref name="context"/> and the continuation
    /// before it: how likely a model finds a generated (or human) continuation of a prompt.
    /// </summary>
    public static double[] ContinuationLogProbabilities(ILanguageModel model, IReadOnlyList<int> context, IReadOnlyList<int> continuation, int? stride = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        if (context.Count == 0) throw new ArgumentException("Give at least one context token: the model has no beginning-of-text token to start from.", nameof(context));
        var all = LogProbabilities(model, [.. context, .. continuation], stride);
        return all[(context.Count - 1)..];
    }

    static IEnumerable<long> Slice(IReadOnlyList<int> ids, int start, int length)
    {
        for (var i = start; i < start + length; i++) yield return ids[i];
    }
}
