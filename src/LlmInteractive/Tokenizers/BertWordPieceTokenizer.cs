using static TorchSharp.torch;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// BERT's uncased WordPiece tokenizer (Hugging Face's BertTokenizer with do_lower_case): <see cref="BertPreTokenizer"/>
/// lower-cases, strips accents and splits words and punctuation, then each word becomes the longest vocabulary pieces
/// from the left ("##" marks a piece inside a word; a word no pieces spell is [UNK]). <see cref="Encode"/> frames the
/// ids as [CLS] … [SEP], as the pretrained model expects. (Microsoft.ML.Tokenizers 2.0.1's BertTokenizer drops "£":
/// "£900" gives "900" where BERT gives "£", "##90", "##0", which matters for spam: hence this one.)
/// </summary>
/// <remarks>
/// Unlike the lab's byte-level tokenizers this one is lossy: Decode gives the normalised text (lower case, no accents,
/// punctuation spaced apart, [UNK] for what the vocabulary cannot spell), not the original.
/// </remarks>
public sealed class BertWordPieceTokenizer : ITokenizer
{
    // Hugging Face's max_input_chars_per_word: a longer "word" is [UNK] rather than a search.
    const int MaxWordCharacters = 100;
    readonly string[] tokens;
    readonly Dictionary<string, int> ids;

    BertWordPieceTokenizer(string[] tokens, int maxLength)
    {
        this.tokens = tokens;
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Length; id++) ids.TryAdd(tokens[id], id);
        MaxLength = maxLength;
        Cls = Special("[CLS]");
        Sep = Special("[SEP]");
        Pad = Special("[PAD]");
        Mask = Special("[MASK]");
        Unknown = Special("[UNK]");
    }

    int Special(string token) => ids.TryGetValue(token, out var id)
        ? id
        : throw new InvalidDataException($"The vocabulary has no {token} token; it is not a BERT vocab.txt.");

    /// <summary>Reads a vocab.txt (one token per line, the line number is the id).</summary>
    /// <param name="maxLength">Longest sequence the model takes, [CLS] and [SEP] included (512 for BERT).</param>
    public static BertWordPieceTokenizer FromVocabulary(Stream vocabulary, int maxLength = 512)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        using var reader = new StreamReader(vocabulary, System.Text.Encoding.UTF8);
        var tokens = new List<string>();
        while (reader.ReadLine() is { } line) tokens.Add(line.Trim());
        return new BertWordPieceTokenizer([.. tokens], maxLength);
    }

    public string Name => "wordpiece";
    public int VocabSize => tokens.Length;

    /// <summary>Longest sequence, specials included: longer input is an error unless truncation is asked for.</summary>
    public int MaxLength { get; }

    public int Cls { get; }
    public int Sep { get; }
    public int Pad { get; }
    public int Mask { get; }
    public int Unknown { get; }

    /// <summary>[CLS] pieces [SEP]. Throws when that is longer than <see cref="MaxLength"/> (see <see cref="EncodeBatch"/> to truncate).</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = Frame(Pieces(text), null);
        RequireFits(ids.Count, "The text");
        return ids;
    }

    /// <summary>WordPiece ids of the text alone, no [CLS]/[SEP].</summary>
    public IReadOnlyList<int> Pieces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<int>();
        foreach (var word in BertPreTokenizer.Split(text)) AddPieces(word, pieces);
        return pieces;
    }

    /// <summary>Greedy longest-match-first from the left, as BERT's WordPiece; the whole word is [UNK] if any rest has no piece.</summary>
    void AddPieces(string word, List<int> pieces)
    {
        if (word.Length > MaxWordCharacters)
        {
            pieces.Add(Unknown);
            return;
        }
        var found = new List<int>();
        for (var start = 0; start < word.Length;)
        {
            var end = word.Length;
            var piece = -1;
            for (; end > start; end--)
            {
                var candidate = start == 0 ? word[start..end] : "##" + word[start..end];
                if (ids.TryGetValue(candidate, out piece)) break;
            }
            if (end == start)
            {
                pieces.Add(Unknown);
                return;
            }
            found.Add(piece);
            start = end;
        }
        pieces.AddRange(found);
    }

    /// <summary>[CLS] first [SEP] second [SEP] with token types 0 up to the first [SEP] and 1 after (BERT's pairs).</summary>
    public (IReadOnlyList<int> Ids, IReadOnlyList<int> TokenTypes) EncodePair(string first, string second)
    {
        var (a, b) = (Pieces(first), Pieces(second));
        var ids = Frame(a, b);
        RequireFits(ids.Count, "The pair");
        return (ids, TokenTypesOf(a.Count, b.Count));
    }

    /// <summary>Texts as one padded batch on <paramref name="device"/>.</summary>
    /// <param name="truncate">Cut texts longer than <see cref="MaxLength"/> (reported in <see cref="WordPieceBatch.Truncated"/>) instead of throwing.</param>
    public WordPieceBatch EncodeBatch(IEnumerable<string> texts, bool truncate = false, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Batch(texts.Select(text => (Pieces(text), (IReadOnlyList<int>?)null)).ToList(), truncate, device);
    }

    /// <summary>Text pairs (e.g. question and passage) as one padded batch, token types 0 then 1.</summary>
    /// <param name="truncate">Cut pairs that do not fit, one token at a time from the longer text (Hugging Face's longest_first).</param>
    public WordPieceBatch EncodePairs(IEnumerable<(string First, string Second)> pairs, bool truncate = false, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return Batch(pairs.Select(p => (Pieces(p.First), (IReadOnlyList<int>?)Pieces(p.Second))).ToList(), truncate, device);
    }

    /// <summary>
    /// The normalised text the ids spell: tokens joined by spaces, "##" pieces glued on, special tokens by name, and
    /// the space before punctuation removed, as Hugging Face's decode with clean_up_tokenization_spaces.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = string.Join(' ', ids.Select(TokenText)).Replace(" ##", "", StringComparison.Ordinal);
        foreach (var (spaced, joined) in CleanUps) text = text.Replace(spaced, joined, StringComparison.Ordinal);
        return text;
    }

    static readonly (string, string)[] CleanUps =
        [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")];

    /// <summary>The vocabulary entry: "whale", "##ing", "[CLS]".</summary>
    public string TokenText(int id)
    {
        TokenIds.EnsureInRange(id, VocabSize, Name);
        return tokens[id];
    }

    List<int> Frame(IReadOnlyList<int> first, IReadOnlyList<int>? second) =>
        second is null ? [Cls, .. first, Sep] : [Cls, .. first, Sep, .. second, Sep];

    static List<int> TokenTypesOf(int first, int second) =>
        [.. Enumerable.Repeat(0, first + 2), .. Enumerable.Repeat(1, second + 1)];

    void RequireFits(int length, string what)
    {
        if (length > MaxLength)
            throw new ArgumentException(
                $"{what} is {length} WordPiece tokens with [CLS] and [SEP], longer than the model's {MaxLength}. " +
                "Split it, or encode it with EncodeBatch(texts, truncate: true), which cuts it and reports the cut.");
    }

    WordPieceBatch Batch(List<(IReadOnlyList<int> First, IReadOnlyList<int>? Second)> items, bool truncate, Device? device)
    {
        if (items.Count == 0) throw new ArgumentException("A batch needs at least one text.");
        var sequences = new List<(List<int> Ids, List<int> Types)>();
        var truncated = new List<TruncatedText>();
        for (var row = 0; row < items.Count; row++)
        {
            var (first, second) = items[row];
            var specials = second is null ? 2 : 3;
            var original = first.Count + (second?.Count ?? 0) + specials;
            if (original > MaxLength)
            {
                if (!truncate) RequireFits(original, second is null ? $"Text {row}" : $"Pair {row}");
                (first, second) = Cut(first, second, MaxLength - specials);
                truncated.Add(new TruncatedText(row, original, MaxLength));
            }
            var ids = Frame(first, second);
            var types = second is null ? [.. Enumerable.Repeat(0, ids.Count)] : TokenTypesOf(first.Count, second.Count);
            sequences.Add((ids, types));
        }

        var (batch, length) = (sequences.Count, sequences.Max(s => s.Ids.Count));
        var idValues = new long[batch * length];
        var maskValues = new long[batch * length];
        var typeValues = new long[batch * length];
        if (Pad != 0) Array.Fill(idValues, Pad);
        for (var row = 0; row < batch; row++)
        {
            for (var column = 0; column < sequences[row].Ids.Count; column++)
            {
                idValues[row * length + column] = sequences[row].Ids[column];
                maskValues[row * length + column] = 1;
                typeValues[row * length + column] = sequences[row].Types[column];
            }
        }
        return new WordPieceBatch(
            tensor(idValues, [batch, length], device: device),
            tensor(maskValues, [batch, length], device: device),
            tensor(typeValues, [batch, length], device: device),
            truncated);
    }

    /// <summary>Drops tokens from the end of the longer text until the pieces fit in <paramref name="budget"/>.</summary>
    static (IReadOnlyList<int>, IReadOnlyList<int>?) Cut(IReadOnlyList<int> first, IReadOnlyList<int>? second, int budget)
    {
        if (second is null) return (first.Take(budget).ToList(), null);
        var (a, b) = (first.Count, second.Count);
        while (a + b > budget)
        {
            if (a >= b) a--;
            else b--;
        }
        return (first.Take(a).ToList(), second.Take(b).ToList());
    }
}
