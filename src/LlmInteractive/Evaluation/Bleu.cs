namespace LlmInteractive.Evaluation;

/// <summary>What corpus BLEU is made of: the four clipped precisions, the brevity penalty and the lengths behind it.</summary>
/// <param name="Score">BLEU in [0, 1]: BP · exp(¼ Σ ln p_n); 0 when some p_n is 0 (no smoothing).</param>
/// <param name="Precisions">p_1 … p_4: clipped n-gram matches over hypothesis n-grams, summed over the corpus.</param>
/// <param name="BrevityPenalty">1 when the hypotheses are longer than the references, else exp(1 − r/c).</param>
/// <param name="HypothesisLength">c: tokens in all hypotheses.</param>
/// <param name="ReferenceLength">r: per hypothesis, the reference length closest to its own (the shorter on a tie), summed.</param>
public sealed record BleuResult(double Score, IReadOnlyList<double> Precisions, double BrevityPenalty, long HypothesisLength, long ReferenceLength);

/// <summary>
/// BLEU (Papineni et al. 2002) over token lists, as NLTK's <c>corpus_bleu</c> with uniform 4-gram weights and no
/// smoothing. Counts are pooled over the corpus before dividing, which is why corpus BLEU is not the mean of sentence
/// BLEUs. Each hypothesis n-gram counts at most as often as it occurs in any one of its references (clipping), so
/// repeating a common word earns nothing; the brevity penalty stops short, precise hypotheses from winning.
/// </summary>
public static class Bleu
{
    public const int MaxOrder = 4;

    /// <summary>Corpus BLEU of <paramref name="hypotheses"/>, each against its own list of references.</summary>
    public static double Corpus(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references) =>
        CorpusDetails(hypotheses, references).Score;

    /// <summary>BLEU of one hypothesis against its references (corpus BLEU of a one-sentence corpus).</summary>
    public static double Sentence(IReadOnlyList<string> hypothesis, IReadOnlyList<IReadOnlyList<string>> references) =>
        Corpus([hypothesis], [references]);

    public static BleuResult CorpusDetails(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
            throw new ArgumentException(
                $"{hypotheses.Count} hypotheses but {references.Count} reference lists: give each hypothesis its own list of references.", nameof(references));

        var matches = new long[MaxOrder];
        var totals = new long[MaxOrder];
        long hypothesisLength = 0, referenceLength = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var hypothesis = hypotheses[i] ?? throw new ArgumentException($"Hypothesis {i} is null.", nameof(hypotheses));
            var candidates = references[i];
            if (candidates is null || candidates.Count == 0)
                throw new ArgumentException($"Hypothesis {i} has no reference; BLEU needs at least one per hypothesis.", nameof(references));
            hypothesisLength += hypothesis.Count;
            referenceLength += ClosestLength(hypothesis.Count, candidates);
            for (var n = 1; n <= MaxOrder; n++)
            {
                var counts = NGramCounts.Of(hypothesis, n);
                var maxInReference = new Dictionary<string, int>();
                foreach (var reference in candidates)
                    foreach (var (gram, count) in NGramCounts.Of(reference, n))
                        maxInReference[gram] = Math.Max(maxInReference.GetValueOrDefault(gram), count);
                foreach (var (gram, count) in counts)
                    matches[n - 1] += Math.Min(count, maxInReference.GetValueOrDefault(gram));
                // As NLTK's modified_precision: a hypothesis shorter than n still adds 1 to the denominator.
                totals[n - 1] += Math.Max(1, hypothesis.Count - n + 1);
            }
        }

        var precisions = matches.Zip(totals, (m, t) => t == 0 ? 0.0 : (double)m / t).ToArray();
        double brevity = hypothesisLength == 0 ? 0 : hypothesisLength > referenceLength ? 1 : Math.Exp(1 - (double)referenceLength / hypothesisLength);
        // No smoothing: one empty order makes the geometric mean 0 (NLTK returns 0, or a denormal for orders above 1).
        double score = precisions.Any(p => p == 0) ? 0 : brevity * Math.Exp(precisions.Average(Math.Log));
        return new BleuResult(score, precisions, brevity, hypothesisLength, referenceLength);
    }

    static int ClosestLength(int length, IReadOnlyList<IReadOnlyList<string>> references) =>
        references.Select(r => r.Count).OrderBy(r => Math.Abs(r - length)).ThenBy(r => r).First();
}
