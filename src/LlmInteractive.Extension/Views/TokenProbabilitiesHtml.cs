using System.Text;
using LlmInteractive.Evaluation;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// The text as the model saw it, each scored token coloured by its surprisal −log₂ p in bits, as GLTR does with ranks:
/// green = expected, red = surprising, half a bit per colour (see <see cref="ColorScale.SurprisalLevel"/>).
/// Hovering a token shows its probability, surprisal and the top alternatives (pure CSS, works without script).
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
        html.Append("</style>");
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
            html.Append($"<span class=\"t s{Level(token.Probability)}\" data-p=\"{F(token.Probability, 6)}\" data-bits=\"{F(bits, 4)}\">{Shown(token.Text)}");
            html.Append($"<span class=\"alt\">#{i} {TokenLabels.Html(token.Text)} (id {token.Id})<br>p = {F(token.Probability, 4)} · surprisal {F(bits, 2)} bits");
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
        html.Append("</div><div class=\"legend\">surprisal −log₂ p: 0 bits (p = 1) ");
        for (var l = 0; l < Levels; l++)
        {
            var from = l * SurprisalBitsPerLevel;
            var range = l == Levels - 1
                ? $"≥ {F(from, 1)} bits (p ≤ {F(Math.Pow(2, -from), 4)})"
                : $"{F(from, 1)}–{F(from + SurprisalBitsPerLevel, 1)} bits (p {F(Math.Pow(2, -from), 3)}–{F(Math.Pow(2, -from - SurprisalBitsPerLevel), 3)})";
            html.Append($"<span class=\"sw s{l}\" title=\"{range}\"></span>");
        }
        html.Append($" ≥ {F(MaxSurprisalBits - SurprisalBitsPerLevel, 1)} bits · half a bit per colour · hover a token for its alternatives</div>");
    }

    /// <summary>Level on the surprisal scale: ⌊−log₂ p / 0.5⌋, clamped to 0..15 (0 = expected, 15 = surprising).</summary>
    public static int Level(double probability) => SurprisalLevel(probability);

    /// <summary>−log₂ p: how many bits of surprise the token carried (0, not −0, for p = 1).</summary>
    public static double Surprisal(double probability) => Math.Max(0.0, -Math.Log2(probability));
}
