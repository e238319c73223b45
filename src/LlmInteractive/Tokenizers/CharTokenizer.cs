using System.Globalization;
using System.Text;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// One token per Unicode scalar value (a <see cref="Rune"/>: an emoji outside the BMP is one token, not two UTF-16
/// halves; a combining accent is its own token). The vocabulary is the corpus's distinct scalars sorted by code
/// point, so the same corpus always yields the same ids.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    private readonly Rune[] _symbols;
    private readonly Dictionary<Rune, int> _ids;

    /// <summary>Builds a tokenizer whose vocabulary is exactly <paramref name="alphabet"/>'s distinct characters (sorted).</summary>
    public CharTokenizer(IEnumerable<Rune> alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        _symbols = alphabet.Distinct().Order().ToArray();
        if (_symbols.Length == 0)
        {
            throw new ArgumentException("A character tokenizer needs at least one character; the corpus or alphabet was empty.",
                nameof(alphabet));
        }
        _ids = new Dictionary<Rune, int>(_symbols.Length);
        for (int i = 0; i < _symbols.Length; i++) _ids[_symbols[i]] = i;
    }

    /// <summary>Vocabulary = sorted distinct Unicode scalar values of <paramref name="corpus"/>.</summary>
    public static CharTokenizer FromCorpus(string corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Length == 0)
        {
            throw new ArgumentException("Cannot build a character vocabulary from an empty corpus; pass the training text.",
                nameof(corpus));
        }
        Utf8Text.EnsureWellFormed(corpus);
        return new CharTokenizer(corpus.EnumerateRunes());
    }

    public string Name => "char";

    public int VocabSize => _symbols.Length;

    /// <summary>The vocabulary in id order, as one string (what <see cref="TokenizerStore"/> saves).</summary>
    public string Alphabet => string.Concat(_symbols.Select(s => s.ToString()));

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Utf8Text.EnsureWellFormed(text);
        var ids = new List<int>(text.Length);
        int position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!_ids.TryGetValue(rune, out int id))
            {
                throw new ArgumentException(
                    $"Character {Describe(rune)} at position {position} is not in the vocabulary of {VocabSize} characters. " +
                    "Build the tokenizer from a corpus that contains it (CharTokenizer.FromCorpus), or use a byte-level BpeTokenizer.",
                    nameof(text));
            }
            ids.Add(id);
            position += rune.Utf16SequenceLength;
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var builder = new StringBuilder();
        foreach (int id in ids)
        {
            TokenIds.EnsureInRange(id, VocabSize, Name);
            builder.Append(_symbols[id].ToString());
        }
        return builder.ToString();
    }

    public string TokenText(int id)
    {
        TokenIds.EnsureInRange(id, VocabSize, Name);
        return _symbols[id].ToString();
    }

    private static string Describe(Rune rune) =>
        Rune.IsControl(rune) || Rune.IsWhiteSpace(rune)
            ? $"U+{rune.Value:X4}"
            : $"'{rune}' (U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)})";
}
