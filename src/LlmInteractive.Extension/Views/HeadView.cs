using LlmInteractive.Models;

namespace LlmInteractive.Views;

/// <summary>
/// bertviz's head view of one layer: the tokens in two columns (queries left, keys right) joined by lines whose
/// opacity is the attention weight, one colour per head. A sentence pair (BERT's A [SEP] B) is drawn as two blocks,
/// split by the maps' token types or, without them, after the first [SEP] that does not end the sequence.
/// The HTML version switches layers, toggles heads and isolates a token on hover; the SVG shows <see cref="Layer"/>.
/// </summary>
public sealed record HeadView(AttentionMaps Maps, int Layer = 0)
{
    /// <summary>Longest sequence drawn: a head view draws up to T² lines per head, unreadable beyond this.</summary>
    public const int MaxTokens = 160;

    public HeadView Validated()
    {
        new AttentionView(Maps, Layer).Validated();
        if (Maps.Tokens.Count > MaxTokens)
            throw new ArgumentException(
                $"The head view draws T² lines per head and {Maps.Tokens.Count} tokens is more than it can show ({MaxTokens}). " +
                "Use a shorter text, or the model view (format the AttentionMaps itself), which pools long sequences.", nameof(Maps));
        if (Maps.TokenTypes is { } types && types.Count != Maps.Tokens.Count)
            throw new ArgumentException($"The maps have {types.Count} token types for {Maps.Tokens.Count} tokens; give one per token.", nameof(Maps));
        return this;
    }

    /// <summary>0 for the first text (A), 1 for the second (B) of a pair; all 0 for a single text.</summary>
    public IReadOnlyList<int> Segments
    {
        get
        {
            if (Maps.TokenTypes is { } types) return [.. types.Select(t => t == 0 ? 0 : 1)];
            var tokens = Maps.Tokens;
            var split = -1;
            for (var i = 0; i < tokens.Count - 1; i++)
                if (tokens[i] == "[SEP]") { split = i; break; }
            return [.. Enumerable.Range(0, tokens.Count).Select(i => split >= 0 && i > split ? 1 : 0)];
        }
    }

    /// <summary>Whether the tokens are a sentence pair, shown as two blocks.</summary>
    public bool IsPair => Segments.Contains(1) && Segments.Contains(0);
}
