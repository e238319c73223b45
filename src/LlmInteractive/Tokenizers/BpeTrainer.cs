namespace LlmInteractive.Tokenizers;

/// <summary>
/// Learns byte-level BPE merges. The corpus is reduced to a table of distinct pre-tokenised words with their counts;
/// pair counts are kept over that table and updated only for the words a merge touches, and a max-heap (with stale
/// entries skipped on pop) finds the most frequent pair, so a merge costs time proportional to the words it changes,
/// not to the corpus.
/// </summary>
internal static class BpeTrainer
{
    public static BpeTokenizer Train(string corpus, int vocabSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Length == 0)
        {
            throw new ArgumentException("Cannot train BPE on an empty corpus; pass the training text.", nameof(corpus));
        }
        if (vocabSize < BpeTokenizer.ByteTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize,
                $"A byte-level BPE vocabulary holds the {BpeTokenizer.ByteTokens} byte tokens plus merges; ask for vocabSize >= {BpeTokenizer.ByteTokens}.");
        }
        Utf8Text.EnsureWellFormed(corpus);

        var wordCounts = new Dictionary<string, long>();
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var piece in Gpt2PreTokenizer.Split(corpus))
        {
            wordCounts[piece] = wordCounts.GetValueOrDefault(piece) + 1;
        }

        var words = new List<int>[wordCounts.Count];
        var frequencies = new long[wordCounts.Count];
        int w = 0;
        foreach (var (word, count) in wordCounts)
        {
            words[w] = Utf8Text.Encode(word).Select(b => (int)b).ToList();
            frequencies[w] = count;
            w++;
        }

        var pairCounts = new Dictionary<long, long>(PairKeyComparer.Instance);
        var wordsWithPair = new Dictionary<long, HashSet<int>>(PairKeyComparer.Instance);
        for (int i = 0; i < words.Length; i++) AddPairs(i, words, frequencies, pairCounts, wordsWithPair, changed: null);

        // Ties on count go to the smallest (left, right) so training is deterministic.
        var heap = new PriorityQueue<long, (long NegativeCount, long Pair)>();
        foreach (var (pair, count) in pairCounts) heap.Enqueue(pair, (-count, pair));

        var merges = new List<(int, int)>();
        var changed = new HashSet<long>(PairKeyComparer.Instance);
        while (BpeTokenizer.ByteTokens + merges.Count < vocabSize && heap.TryDequeue(out long best, out var priority))
        {
            // Stale entry: the count changed since it was pushed (the fresh entry is elsewhere in the heap).
            if (!pairCounts.TryGetValue(best, out long current) || current != -priority.NegativeCount || current <= 0) continue;

            cancellationToken.ThrowIfCancellationRequested();
            int left = (int)(best >> 32), right = (int)(best & 0xFFFFFFFF);
            int newId = BpeTokenizer.ByteTokens + merges.Count;
            merges.Add((left, right));

            changed.Clear();
            // The merged pair is gone from every word that had it, so its word list is no longer needed.
            wordsWithPair.Remove(best, out var affected);
            foreach (int wordIndex in affected!.ToArray())
            {
                RemovePairs(wordIndex, words, frequencies, pairCounts, changed);
                MergeInPlace(words[wordIndex], left, right, newId);
                AddPairs(wordIndex, words, frequencies, pairCounts, wordsWithPair, changed);
            }
            foreach (long pair in changed)
            {
                long count = pairCounts.GetValueOrDefault(pair);
                if (count > 0) heap.Enqueue(pair, (-count, pair));
                else pairCounts.Remove(pair);
            }
        }
        return new BpeTokenizer(merges);
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private static void AddPairs(int wordIndex, List<int>[] words, long[] frequencies, Dictionary<long, long> pairCounts,
        Dictionary<long, HashSet<int>> wordsWithPair, HashSet<long>? changed)
    {
        var symbols = words[wordIndex];
        for (int i = 0; i + 1 < symbols.Count; i++)
        {
            long pair = Key(symbols[i], symbols[i + 1]);
            pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + frequencies[wordIndex];
            if (!wordsWithPair.TryGetValue(pair, out var set)) wordsWithPair[pair] = set = [];
            set.Add(wordIndex);
            changed?.Add(pair);
        }
    }

    // The word index stays in wordsWithPair for pairs it lost; merging such a word again is a harmless no-op.
    private static void RemovePairs(int wordIndex, List<int>[] words, long[] frequencies, Dictionary<long, long> pairCounts,
        HashSet<long> changed)
    {
        var symbols = words[wordIndex];
        for (int i = 0; i + 1 < symbols.Count; i++)
        {
            long pair = Key(symbols[i], symbols[i + 1]);
            pairCounts[pair] -= frequencies[wordIndex];
            changed.Add(pair);
        }
    }

    private static void MergeInPlace(List<int> symbols, int left, int right, int newId)
    {
        int write = 0;
        for (int read = 0; read < symbols.Count; read++)
        {
            if (read + 1 < symbols.Count && symbols[read] == left && symbols[read + 1] == right)
            {
                symbols[write++] = newId;
                read++;
            }
            else
            {
                symbols[write++] = symbols[read];
            }
        }
        symbols.RemoveRange(write, symbols.Count - write);
    }

    // long's own hash is low ^ high, i.e. left ^ right here: byte pairs would share 256 buckets. Fibonacci hashing
    // spreads them.
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
