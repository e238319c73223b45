using System.Collections.Concurrent;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// Byte-level BPE in the style of GPT-2: ids 0..255 are the raw bytes of UTF-8, id 256 + r is the merge of rank r.
/// Any string encodes (no unknown tokens) and Decode(Encode(s)) == s. Text is first cut by
/// <see cref="Gpt2PreTokenizer"/>, so merges stay inside words.
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    private readonly (int Left, int Right)[] _merges;
    private readonly Dictionary<(int Left, int Right), int> _rankOfPair;
    private readonly byte[][] _tokenBytes;

    // Words repeat a lot in natural text; caching a word's ids makes encoding a corpus several times faster. Only short
    // words, and only so many, so that encoding odd text (long runs, random strings) cannot grow memory without bound.
    private readonly ConcurrentDictionary<string, int[]> _wordCache = new();
    private const int MaxCachedWordLength = 32;
    private const int MaxCachedWords = 200_000;

    /// <summary>A tokenizer from its merge list (in rank order); each merge joins two existing ids into id 256 + rank.</summary>
    public BpeTokenizer(IReadOnlyList<(int Left, int Right)> merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        _merges = merges.ToArray();
        _rankOfPair = new Dictionary<(int, int), int>(_merges.Length);
        _tokenBytes = new byte[ByteTokens + _merges.Length][];
        for (int b = 0; b < ByteTokens; b++) _tokenBytes[b] = [(byte)b];
        for (int rank = 0; rank < _merges.Length; rank++)
        {
            var (left, right) = _merges[rank];
            int newId = ByteTokens + rank;
            if (left < 0 || right < 0 || left >= newId || right >= newId)
            {
                throw new ArgumentException(
                    $"Merge {rank} ({left}, {right}) refers to an id that does not exist yet; a merge may only join ids below {newId}. " +
                    "The merge list is corrupt or out of order.", nameof(merges));
            }
            if (!_rankOfPair.TryAdd((left, right), rank))
            {
                throw new ArgumentException($"Merge {rank} ({left}, {right}) repeats an earlier merge; the merge list is corrupt.",
                    nameof(merges));
            }
            _tokenBytes[newId] = [.. _tokenBytes[left], .. _tokenBytes[right]];
        }
    }

    /// <summary>Number of byte tokens every byte-level BPE starts from.</summary>
    public const int ByteTokens = 256;

    /// <summary>
    /// Learns merges from <paramref name="corpus"/> until the vocabulary holds <paramref name="vocabSize"/> tokens
    /// (fewer if the corpus runs out of pairs to merge). See <see cref="BpeTrainer"/>. Without a token of its own it
    /// uses <see cref="Runtime.AmbientCancellation.Current"/> (a kernel connects the running cell's interrupt there).
    /// </summary>
    public static BpeTokenizer Train(string corpus, int vocabSize, CancellationToken cancellationToken = default) =>
        BpeTrainer.Train(corpus, vocabSize, Runtime.AmbientCancellation.Or(cancellationToken));

    public string Name => "bpe";

    public int VocabSize => _tokenBytes.Length;

    /// <summary>The merges in rank order: merge r created id 256 + r.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges => _merges;

    /// <summary>The bytes token <paramref name="id"/> stands for.</summary>
    public ReadOnlySpan<byte> TokenBytes(int id)
    {
        TokenIds.EnsureInRange(id, VocabSize, Name);
        return _tokenBytes[id];
    }

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Utf8Text.EnsureWellFormed(text);
        var ids = new List<int>(text.Length / 2 + 1);
        foreach (var word in Gpt2PreTokenizer.Split(text))
        {
            if (word.Length > MaxCachedWordLength) ids.AddRange(EncodeWord(word));
            else if (_wordCache.TryGetValue(word, out var cached)) ids.AddRange(cached);
            else
            {
                var encoded = EncodeWord(word);
                if (_wordCache.Count < MaxCachedWords) _wordCache.TryAdd(word, encoded);
                ids.AddRange(encoded);
            }
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            TokenIds.EnsureInRange(id, VocabSize, Name);
            bytes.AddRange(_tokenBytes[id]);
        }
        return Utf8Text.Decode(bytes.ToArray());
    }

    public string TokenText(int id) => Utf8Text.Display(TokenBytes(id));

    // Applies merges to one pre-tokenised word, lowest rank first, exactly as they were learned.
    private int[] EncodeWord(string word)
    {
        var symbols = Utf8Text.Encode(word).Select(b => (int)b).ToList();
        while (symbols.Count > 1)
        {
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                if (_rankOfPair.TryGetValue((symbols[i], symbols[i + 1]), out int rank) && rank < bestRank) bestRank = rank;
            }
            if (bestRank == int.MaxValue) break;

            var (left, right) = _merges[bestRank];
            int merged = ByteTokens + bestRank;
            var next = new List<int>(symbols.Count);
            for (int i = 0; i < symbols.Count; i++)
            {
                if (i + 1 < symbols.Count && symbols[i] == left && symbols[i + 1] == right)
                {
                    next.Add(merged);
                    i++;
                }
                else
                {
                    next.Add(symbols[i]);
                }
            }
            symbols = next;
        }
        return symbols.ToArray();
    }
}
