namespace LlmInteractive.Baselines;

/// <summary>
/// Bag of character n-grams (lower-cased, e.g. 1- to 4-grams) as sparse count vectors over a vocabulary fixed on the
/// training texts: n-grams first seen at test time are dropped, as scikit-learn's CountVectorizer does.
/// </summary>
public sealed class CharNGramFeatures
{
    readonly Dictionary<string, int> index;

    CharNGramFeatures(Dictionary<string, int> index, int minN, int maxN) => (this.index, MinN, MaxN) = (index, minN, maxN);

    public int MinN { get; }
    public int MaxN { get; }
    /// <summary>Number of distinct n-grams (features).</summary>
    public int Count => index.Count;

    /// <summary>The vocabulary of the n-grams in <paramref name="texts"/> seen at least <paramref name="minCount"/> times.</summary>
    public static CharNGramFeatures Fit(IEnumerable<string> texts, int minN = 1, int maxN = 4, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (minN < 1 || maxN < minN) throw new ArgumentOutOfRangeException(nameof(maxN), $"Need 1 ≤ minN ≤ maxN (got {minN}..{maxN}).");
        var counts = new Dictionary<string, int>();
        foreach (var text in texts)
            foreach (var gram in Grams(text, minN, maxN))
                counts[gram] = counts.GetValueOrDefault(gram) + 1;
        // Ordinal order, so feature indices do not depend on hash ordering.
        var kept = counts.Where(c => c.Value >= minCount).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        return new CharNGramFeatures(kept.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i), minN, maxN);
    }

    /// <summary>The text as (feature index, count) pairs, indices ascending.</summary>
    public SparseVector Transform(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<int, double>();
        foreach (var gram in Grams(text, MinN, MaxN))
            if (index.TryGetValue(gram, out var i)) counts[i] = counts.GetValueOrDefault(i) + 1;
        var indices = counts.Keys.Order().ToArray();
        return new SparseVector(indices, [.. indices.Select(i => counts[i])]);
    }

    static IEnumerable<string> Grams(string text, int minN, int maxN)
    {
        var lower = text.ToLowerInvariant();
        for (int n = minN; n <= maxN; n++)
            for (int start = 0; start + n <= lower.Length; start++)
                yield return lower.Substring(start, n);
    }
}
