using System.Text;
using LlmInteractive.Evaluation;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// The text as the model saw it, each scored token coloured by its surprisal −log₂ p in bits, as GLTR does with ranks:
/// green = expected, red = surprising, half a bit per colour (see <see cref="ColorScale.SurprisalLevel"/>).
/// A switch colours the tokens by rank instead (GLTR's buckets: 1, 2–10, 11–100, 101–1000, more). Hovering a token
/// shows its probability, surprisal, rank and the top alternatives. Pure CSS (radio buttons), works without script.
/// </summary>
public static class TokenProbabilitiesHtml
{
    public static string Render(TokenProbabilities probabilities)
    {
        TokenProbabilitiesChecks.Validate(probabilities);
        var id = MarkupIds.Next("llmi-probs");
        var html = new StringBuilder(4096 + probabilities.Tokens.Count * 400);
        html.Append($"<div class=\"llmi-probs\" id=\"{id}\"><style>");
        html.Append($"#{id}{{font:14px system-ui,sans-serif;color:#222;max-width:960px}}");
        html.Append($"#{id} .text{{font:14px/2.1 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}}");
        html.Append($"#{id} .t{{position:relative;border-radius:3px;padding:1px 1px;margin:0 1px 0 0;cursor:help;border-bottom:2px solid transparent}}");
        html.Append($"#{id} .ctx{{color:#777;background:#f1f1f1}}");
        for (var l = 0; l < Levels; l++) html.Append($"#{id} .s{l}{{background:{ColorScale.Surprisal[l]}}}");
        html.Append($"#{id} .t .alt{{display:none;position:absolute;left:0;top:1.9em;z-index:20;background:#fff;border:1px solid #bbb;border-radius:4px;box-shadow:0 2px 8px #0003;padding:6px 8px;white-space:nowrap;font:12px/1.4 ui-monospace,monospace;color:#222}}");
        html.Append($"#{id} .t:hover .alt{{display:block}}#{id} .t:hover{{border-bottom-color:#333}}");
        html.Append($"#{id} table{{border-collapse:collapse}}#{id} td{{padding:0 6px}}#{id} td.n{{text-align:right}}#{id} tr.chosen{{font-weight:bold}}");
        html.Append($"#{id} .sum{{display:flex;flex-wrap:wrap;gap:18px;margin:8px 0;font-size:13px}}#{id} .sum b{{font-variant-numeric:tabular-nums}}");
        html.Append($"#{id} .legend{{display:flex;align-items:center;gap:2px;font-size:11px;color:#555;margin-top:6px}}#{id} .legend span.sw{{width:14px;height:12px;display:inline-block;cursor:help}}");
        for (var b = 0; b < RankBuckets.Length; b++) html.Append($"#{id} .by-rank:checked ~ .text .t.r{b}{{background:{RankBuckets[b].Colour}}}");
        html.Append($"#{id} .lr{{display:none}}#{id} .by-rank:checked ~ .lr{{display:flex}}#{id} .by-rank:checked ~ .lb{{display:none}}");
        html.Append($"#{id} .mode{{font-size:12px;color:#555;margin-right:10px}}#{id} input{{vertical-align:middle;margin:0 3px 0 8px}}");
        html.Append("</style>");
        html.Append($"<span class=\"mode\">colour by</span><input type=\"radio\" class=\"by-bits\" name=\"{id}-by\" id=\"{id}-bits\" checked><label for=\"{id}-bits\">surprisal (bits)</label>");
        html.Append($"<input type=\"radio\" class=\"by-rank\" name=\"{id}-by\" id=\"{id}-rank\"><label for=\"{id}-rank\">rank</label>");
        html.Append("<div class=\"sum\">");
        html.Append($"<span>{(probabilities.Generated ? "generated" : "scored")} tokens <b>{probabilities.Tokens.Count}</b></span>");
        html.Append($"<span>log-probability <b>{F(probabilities.LogProbability, 3)}</b> nats</span>");
        html.Append($"<span>perplexity <b>{F(probabilities.Perplexity, 3)}</b></span>");
        html.Append($"<span>bits per token <b>{F(probabilities.BitsPerToken, 3)}</b></span>");
        html.Append("</div><div class=\"text\">");
        foreach (var token in probabilities.Context)
            html.Append($"<span class=\"t ctx\" title=\"{(probabilities.Generated ? "prompt" : "context")} token (not scored)\">{TokenLabels.Escape(token)}</span>");
        for (var i = 0; i < probabilities.Tokens.Count; i++)
        {
            var token = probabilities.Tokens[i];
            var bits = Surprisal(token.Probability);
            var rank = Rank(token);
            html.Append($"<span class=\"t s{Level(token.Probability)} r{RankBucket(rank)}\" data-p=\"{F(token.Probability, 6)}\" data-bits=\"{F(bits, 4)}\" data-rank=\"{rank}\">{Shown(token.Text)}");
            html.Append($"<span class=\"alt\">#{i} {TokenLabels.Html(token.Text)} (id {token.Id})<br>{Reading(token, " · ")}");
            if (token.Alternatives.Count > 0)
            {
                html.Append("<table>");
                foreach (var alt in token.Alternatives)
                    html.Append($"<tr{(alt.Id == token.Id ? " class=\"chosen\"" : "")}><td>{TokenLabels.Html(alt.Text)}</td><td class=\"n\">{F(alt.Probability, 4)}</td></tr>");
                html.Append("</table>");
            }
            html.Append("</span></span>");
        }
        AppendLegend(html);
        html.Append("</div>");
        return html.ToString();
    }

    /// <summary>Token text as it reads in the flowing text; line breaks also get a visible ⏎ so they can be hovered.</summary>
    static string Shown(string text) => TokenLabels.Escape(text.Replace("\n", "⏎\n", StringComparison.Ordinal));

    /// <summary>Legend of the surprisal scale: one swatch per half bit, each titled with its range in bits and in p.</summary>
    static void AppendLegend(StringBuilder html)
    {
        html.Append("</div><div class=\"legend lb\">surprisal −log₂ p: 0 bits (p = 1) ");
        for (var l = 0; l < Levels; l++)
        {
            var from = l * SurprisalBitsPerLevel;
            var range = l == Levels - 1
                ? $"≥ {F(from, 1)} bits (p ≤ {F(Math.Pow(2, -from), 4)})"
                : $"{F(from, 1)}–{F(from + SurprisalBitsPerLevel, 1)} bits (p {F(Math.Pow(2, -from), 3)}–{F(Math.Pow(2, -from - SurprisalBitsPerLevel), 3)})";
            html.Append($"<span class=\"sw s{l}\" title=\"{range}\"></span>");
        }
        html.Append($" ≥ {F(MaxSurprisalBits - SurprisalBitsPerLevel, 1)} bits · half a bit per colour · hover a token for its alternatives</div>");
        html.Append("<div class=\"legend lr\">rank among all tokens:");
        for (var b = 0; b < RankBuckets.Length; b++)
            html.Append($" <span class=\"sw\" style=\"background:{RankBuckets[b].Colour}\"></span> {RankBuckets[b].Label}");
        html.Append(" · hover a token for its alternatives</div>");
    }

    /// <summary>GLTR's rank buckets (Gehrmann et al. 2019) and one for an unknown rank, with their colours.</summary>
    internal static readonly (int MaxRank, string Label, string Colour)[] RankBuckets =
    [
        (1, "1", "#8dd1a8"), (10, "2–10", "#d8ec9c"), (100, "11–100", "#f9d894"), (1000, "101–1000", "#f4a6a6"),
        (int.MaxValue, "> 1000", "#d3b4e6"), (0, "unknown", "#e0e0e0"),
    ];

    /// <summary>The bucket of a rank: 0 for rank 1, …, 4 above 1000, 5 when the rank is unknown (0).</summary>
    public static int RankBucket(int rank) =>
        rank <= 0 ? RankBuckets.Length - 1 : Array.FindIndex(RankBuckets, b => rank <= b.MaxRank);

    /// <summary>The token's rank; when not computed, its place among the alternatives if it is there, else 0 (unknown).</summary>
    public static int Rank(ScoredToken token)
    {
        if (token.Rank > 0) return token.Rank;
        var sorted = token.Alternatives.OrderByDescending(a => a.Probability).ToList();
        var index = sorted.FindIndex(a => a.Id == token.Id);
        return index >= 0 ? index + 1 : 0;
    }

    /// <summary>Level on the surprisal scale: ⌊−log₂ p / 0.5⌋, clamped to 0..15 (0 = expected, 15 = surprising).</summary>
    public static int Level(double probability) => SurprisalLevel(probability);

    /// <summary>−log₂ p: how many bits of surprise the token carried (0, not −0, for p = 1).</summary>
    public static double Surprisal(double probability) => Math.Max(0.0, -Math.Log2(probability));

    /// <summary>"p = …, surprisal … bits, rank …" with <paramref name="separator"/> between them, for every rendering's tooltip.</summary>
    public static string Reading(ScoredToken token, string separator)
    {
        var rank = Rank(token);
        return $"p = {F(token.Probability, 4)}{separator}surprisal {F(Surprisal(token.Probability), 2)} bits{separator}rank " +
               (rank > 0 ? rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?");
    }
}
