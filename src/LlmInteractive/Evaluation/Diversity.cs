namespace LlmInteractive.Evaluation;

/// <summary>
/// How varied generated text is, from its n-grams alone. Both measures depend on length (longer texts repeat more),
/// so compare texts of equal length, and read them beside human text of that length.
/// </summary>
public static class Diversity
{
    /// <summary>
    /// distinct-n (Li et al. 2016): distinct n-grams over all n-grams, pooled over <paramref name="texts"/>. 1 means no
    /// n-gram occurs twice anywhere; a sampler that says the same thing for every prompt scores low.
    /// </summary>
    public static double DistinctN(IReadOnlyList<IReadOnlyList<string>> texts, int n)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ThrowIfBadOrder(n);
        var distinct = new HashSet<string>();
        long total = 0;
        foreach (var text in texts)
            foreach (var (gram, count) in NGramCounts.Of(text ?? throw new ArgumentException("A text is null.", nameof(texts)), n))
            {
                distinct.Add(gram);
                total += count;
            }
        return total == 0 ? 0 : (double)distinct.Count / total;
    }

    /// <summary>
    /// Share of a text's n-grams that repeat an n-gram earlier in the same text: 1 − unique / total, Welleck et al.
    /// (2019)'s seq-rep-n. Near 0 for human prose at n = 4 words; near 1 for a decoder stuck in a loop.
    /// </summary>
    public static double RepeatedNGramShare(IReadOnlyList<string> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ThrowIfBadOrder(n);
        var counts = NGramCounts.Of(tokens, n);
        long total = counts.Values.Sum();
        return total == 0 ? 0 : 1 - (double)counts.Count / total;
    }

    static void ThrowIfBadOrder(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n-grams need n ≥ 1 (1 = single tokens).");
    }
}
