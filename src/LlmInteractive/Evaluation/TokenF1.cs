using System.Text.RegularExpressions;

namespace LlmInteractive.Evaluation;

/// <summary>
/// SQuAD's answer metrics (Rajpurkar et al. 2016): both answers are normalised (lower case, punctuation and the
/// articles a/an/the removed, whitespace collapsed), then compared as bags of words (F1) or as strings (exact match).
/// Partial credit for "the Broncos" against "Denver Broncos" is the point; the price is that word order is ignored.
/// </summary>
public static partial class TokenF1
{
    /// <summary>F1 (with precision and recall) of the shared words of a predicted and a true answer.</summary>
    public static OverlapScore Score(string prediction, string truth)
    {
        var predicted = Normalize(prediction).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = Normalize(truth).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var remaining = expected.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        long common = 0;
        foreach (var token in predicted)
            if (remaining.TryGetValue(token, out var left) && left > 0) { common++; remaining[token] = left - 1; }
        return OverlapScore.Of(common, predicted.Length, expected.Length);
    }

    /// <summary>1 when the normalised answers are equal, else 0.</summary>
    public static double ExactMatch(string prediction, string truth) => Normalize(prediction) == Normalize(truth) ? 1 : 0;

    /// <summary>
    /// SQuAD's score against several gold answers: the best F1 over them (its <c>metric_max_over_ground_truths</c>), so
    /// a prediction matching any one annotator's answer gets full credit.
    /// </summary>
    public static double BestF1(string prediction, IReadOnlyList<string> truths) => BestOver(truths, truth => Score(prediction, truth).F1);

    /// <summary>1 when the prediction equals any gold answer after normalisation.</summary>
    public static double BestExactMatch(string prediction, IReadOnlyList<string> truths) => BestOver(truths, truth => ExactMatch(prediction, truth));

    static double BestOver(IReadOnlyList<string> truths, Func<string, double> score)
    {
        ArgumentNullException.ThrowIfNull(truths);
        if (truths.Count == 0) throw new ArgumentException("Give at least one gold answer.", nameof(truths));
        return truths.Max(score);
    }

    /// <summary>SQuAD's normalisation: lower case, no punctuation, no articles, single spaces.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var noPunctuation = new string(lower.Where(c => !char.IsPunctuation(c) && !char.IsSymbol(c)).ToArray());
        return string.Join(' ', Articles().Replace(noPunctuation, " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Articles();
}
