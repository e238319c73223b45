using System.Globalization;
using System.Text;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// The uncased BERT normalisation and word split, as Hugging Face's BasicTokenizer (do_lower_case, strip_accents,
/// tokenize_chinese_chars): drop control characters, space out CJK ideographs, split on whitespace, lower-case,
/// strip accents (NFD, drop non-spacing marks), then split off every punctuation character. Its definitions are
/// BERT's own, e.g. every ASCII non-alphanumeric (<c>$</c>, <c>+</c>, <c>^</c>) is punctuation but <c>£</c> (a currency
/// symbol) is not, so "£2,000" gives "£2", ",", "000".
/// </summary>
public static class BertPreTokenizer
{
    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0 or 0xFFFD || IsControl(rune)) continue;
            if (IsWhitespace(rune)) cleaned.Append(' ');
            else if (IsCjk(rune.Value)) cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            else cleaned.Append(rune.ToString());
        }

        var words = new List<string>();
        foreach (var token in cleaned.ToString().Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            SplitOnPunctuation(StripAccents(token.ToLowerInvariant()), words);
        return words;
    }

    static string StripAccents(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) kept.Append(rune.ToString());
        return kept.ToString();
    }

    static void SplitOnPunctuation(string word, List<string> words)
    {
        var current = new StringBuilder();
        foreach (var rune in word.EnumerateRunes())
        {
            if (!IsPunctuation(rune))
            {
                current.Append(rune.ToString());
                continue;
            }
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
            words.Add(rune.ToString());
        }
        if (current.Length > 0) words.Add(current.ToString());
    }

    static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    // Tab, newline and carriage return count as whitespace, not control; every other "C*" category is dropped.
    static bool IsControl(Rune rune) =>
        rune.Value is not ('\t' or '\n' or '\r') && Rune.GetUnicodeCategory(rune) is
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or
            UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    static bool IsPunctuation(Rune rune) =>
        rune.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126) ||
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or
            UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or
            UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    // The CJK Unified Ideographs blocks BERT spaces out (not Hiragana, Katakana or Hangul, which are written with spaces).
    static bool IsCjk(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F) or
            (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
