using System.Text.RegularExpressions;

namespace LlmInteractive.Evaluation;

/// <summary>
/// Lower-cased words (with inner apostrophes, "whale's") and single punctuation marks: the units the text metrics
/// (BLEU, ROUGE, distinct-n) count in the notebooks, whatever tokenizer the model used.
/// </summary>
public static partial class WordTokens
{
    public static IReadOnlyList<string> Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
    }

    [GeneratedRegex(@"\w+(?:['’]\w+)*|[^\w\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
