namespace LlmInteractive.Evaluation;

/// <summary>How often each n-gram of a token list occurs, keyed by its tokens joined with U+001F (unit separator).</summary>
internal static class NGramCounts
{
    public static Dictionary<string, int> Of(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            // The separator cannot occur inside ordinary tokens, so joined n-grams never collide.
            var gram = string.Join('\u001F', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
