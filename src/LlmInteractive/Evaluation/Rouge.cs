namespace LlmInteractive.Evaluation;

/// <summary>
/// ROUGE (Lin 2004) over token lists: recall-oriented overlap with a reference summary. ROUGE-N counts shared n-grams
/// (clipped, as BLEU's); ROUGE-L uses the longest common subsequence, which rewards words in the right order without
/// requiring them to be adjacent. Like BLEU it measures shared words, not shared meaning.
/// </summary>
public static class Rouge
{
    /// <summary>ROUGE-N: shared n-grams over the candidate's (precision) and the reference's (recall) n-grams.</summary>
    public static OverlapScore N(IReadOnlyList<string> candidate, IReadOnlyList<string> reference, int n = 2)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "ROUGE-N needs n ≥ 1 (ROUGE-1 counts words, ROUGE-2 word pairs).");
        var candidateGrams = NGramCounts.Of(candidate, n);
        var referenceGrams = NGramCounts.Of(reference, n);
        long matched = candidateGrams.Sum(g => Math.Min(g.Value, referenceGrams.GetValueOrDefault(g.Key)));
        return OverlapScore.Of(matched, candidateGrams.Values.Sum(), referenceGrams.Values.Sum());
    }

    /// <summary>ROUGE-L: the longest common subsequence over the candidate's and the reference's lengths.</summary>
    public static OverlapScore L(IReadOnlyList<string> candidate, IReadOnlyList<string> reference)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        return OverlapScore.Of(LongestCommonSubsequence(candidate, reference), candidate.Count, reference.Count);
    }

    /// <summary>Length of the longest common subsequence, by dynamic programming over one row at a time.</summary>
    public static int LongestCommonSubsequence(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        foreach (var token in a)
        {
            for (var j = 1; j <= b.Count; j++)
                current[j] = token == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }
}
