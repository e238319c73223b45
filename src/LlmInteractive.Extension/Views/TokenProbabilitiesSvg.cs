using System.Globalization;
using System.Text;
using LlmInteractive.Evaluation;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// Static SVG of token probabilities, for viewers that strip styles and scripts (GitHub's notebook preview): the text
/// wrapped in lines, each scored token on its surprisal colour (as <see cref="TokenProbabilitiesHtml"/>), context tokens
/// grey, a tooltip per token (p, bits, rank, top alternatives) and the legend. Long texts are cut at
/// <see cref="MaxTokens"/> tokens, and the picture says so.
/// </summary>
public static class TokenProbabilitiesSvg
{
    /// <summary>Most tokens drawn (the HTML view shows them all).</summary>
    public const int MaxTokens = 2000;

    const int Width = 960, Margin = 8, LineHeight = 24, FontSize = 13, BoxHeight = 19;
    const double CharWidth = 7.9;   // a 13 px monospace glyph, near enough for layout

    public static string Render(TokenProbabilities probabilities)
    {
        TokenProbabilitiesChecks.Validate(probabilities);
        var boxes = new List<(string Text, string Fill, string Title)>();
        var source = probabilities.Generated ? "prompt" : "context";
        foreach (var token in probabilities.Context) boxes.Add((token, "#ececec", $"{source} token (not scored)"));
        for (var i = 0; i < probabilities.Tokens.Count; i++)
        {
            var token = probabilities.Tokens[i];
            var title = new StringBuilder($"#{i} {TokenLabels.Visible(token.Text)} (id {token.Id}): {TokenProbabilitiesHtml.Reading(token, ", ")}");
            foreach (var alt in token.Alternatives) title.Append($"\n  {TokenLabels.Visible(alt.Text)}  {F(alt.Probability, 4)}");
            boxes.Add((token.Text, Surprisal[TokenProbabilitiesHtml.Level(token.Probability)], title.ToString()));
        }
        var cut = boxes.Count > MaxTokens;
        if (cut) boxes = boxes.Take(MaxTokens).ToList();

        // Lay the tokens out left to right, wrapping at the width and after a newline.
        var placed = new List<(double X, int Line, double W, string Label, string Fill, string Title)>();
        double x = Margin;
        var line = 0;
        foreach (var (text, fill, title) in boxes)
        {
            var label = TokenLabels.Visible(text.Replace("\n", "⏎", StringComparison.Ordinal));
            var w = Math.Max(1, label.Length) * CharWidth + 4;
            if (x + w > Width - Margin && x > Margin) { x = Margin; line++; }
            placed.Add((x, line, w, label, fill, title));
            x += w + 2;
            if (text.Contains('\n', StringComparison.Ordinal)) { x = Margin; line++; }
        }

        var top = 2 * LineHeight;                                    // the summary line above the text
        var legendY = top + (line + 1) * LineHeight + 10;
        var height = legendY + 34 + (cut ? LineHeight : 0);
        var svg = new StringBuilder(1024 + placed.Count * 240);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"ui-monospace,Menlo,Consolas,monospace\" font-size=\"{FontSize}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"#fff\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"{LineHeight}\" font-family=\"system-ui,sans-serif\" fill=\"#222\">{(probabilities.Generated ? "generated" : "scored")} tokens {probabilities.Tokens.Count} · log-probability {F(probabilities.LogProbability, 3)} nats · perplexity {F(probabilities.Perplexity, 3)} · bits per token {F(probabilities.BitsPerToken, 3)}</text>");
        foreach (var (bx, bl, bw, label, fill, title) in placed)
        {
            var y = top + bl * LineHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<g><title>{Xml(title)}</title><rect x=\"{bx:0.#}\" y=\"{y - BoxHeight + 5}\" width=\"{bw:0.#}\" height=\"{BoxHeight}\" rx=\"3\" fill=\"{fill}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{bx + 2:0.#}\" y=\"{y}\" fill=\"#222\" xml:space=\"preserve\">{Xml(label)}</text></g>");
        }
        if (cut) svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"{legendY - 4}\" fill=\"#a00\" font-family=\"system-ui,sans-serif\">… {MaxTokens} of {probabilities.Context.Count + probabilities.Tokens.Count} tokens drawn; the interactive view shows them all</text>");
        var ly = legendY + (cut ? LineHeight : 0);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"{ly + 12}\" font-size=\"11\" font-family=\"system-ui,sans-serif\" fill=\"#555\">surprisal −log₂ p: 0 bits</text>");
        for (var l = 0; l < Levels; l++)
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{150 + 16 * l}\" y=\"{ly + 2}\" width=\"14\" height=\"12\" fill=\"{Surprisal[l]}\"><title>{F(l * SurprisalBitsPerLevel, 1)} bits and more</title></rect>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{150 + 16 * Levels + 6}\" y=\"{ly + 12}\" font-size=\"11\" font-family=\"system-ui,sans-serif\" fill=\"#555\">≥ {F(MaxSurprisalBits - SurprisalBitsPerLevel, 1)} bits · half a bit per colour · grey: {source}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    static string Xml(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
