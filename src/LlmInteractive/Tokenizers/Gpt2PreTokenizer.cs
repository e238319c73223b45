using System.Text.RegularExpressions;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// GPT-2's pre-tokenisation: text is cut into words, numbers, punctuation runs and whitespace (a leading space stays
/// with the word after it), and BPE merges never cross these pieces. Contractions ('s 't 're 've 'm 'll 'd) are their
/// own pieces. A surrogate pair is never split: both halves are category Cs and land in the same piece.
/// </summary>
internal static partial class Gpt2PreTokenizer
{
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The pieces of <paramref name="text"/>, in order; concatenated they give back the text.</summary>
    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        foreach (var match in Pattern().EnumerateMatches(text))
        {
            pieces.Add(text.Substring(match.Index, match.Length));
        }
        return pieces;
    }
}
