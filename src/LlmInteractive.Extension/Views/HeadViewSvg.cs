using System.Text;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// Static head view of one layer (no script: GitHub's notebook preview shows it): every head's lines overlaid, one
/// path per head and opacity step (tenths of a weight), so twelve heads stay small; sentence pairs as two blocks.
/// </summary>
public static class HeadViewSvg
{
    /// <summary>Weights below this draw no line (at this opacity a line is invisible anyway).</summary>
    public const double MinWeight = 0.02;

    const int RowHeight = 20, Top = 58, Span = 240, PairGap = 22;

    public static string Render(HeadView view)
    {
        view.Validated();
        var maps = view.Maps;
        var tokens = maps.Tokens.Count;
        var labels = maps.Tokens.Select(t => TokenLabels.Shorten(TokenLabels.Visible(t), 18)).ToArray();
        var segments = view.Segments;
        var colours = Categorical(maps.Heads);
        var textWidth = Math.Min(140, 16 + 7 * labels.Max(l => l.Length));
        int left = textWidth, right = textWidth + Span, width = Math.Max(right + textWidth, 40 + 34 * Math.Min(maps.Heads, 16));
        var y = Rows(segments, view.IsPair);
        var height = (int)Math.Ceiling(y[^1] + RowHeight / 2.0) + 8 + (maps.Heads > 16 ? 18 : 0);
        var id = MarkupIds.Next("head");
        var svg = new StringBuilder(32 * 1024);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto\">");
        svg.Append($"<title>Head view, layer {view.Layer}: {maps.Heads} heads over {tokens} tokens</title><style>");
        svg.Append($"#{id} text{{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#222}}#{id} .h{{font:bold 13px system-ui,sans-serif}}#{id} .s{{font:11px system-ui,sans-serif;fill:#777}}");
        svg.Append($"#{id} path{{fill:none;stroke-width:2}}</style><rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        svg.Append($"<text x=\"4\" y=\"16\" class=\"h\">Head view · layer {view.Layer} · {maps.Heads} heads overlaid</text>");
        svg.Append($"<text x=\"4\" y=\"{Top - 6}\" class=\"s\">query → key; colour = head, opacity = weight (≥ {F(MinWeight)})</text>");
        for (var h = 0; h < maps.Heads; h++)
        {
            int x = 4 + 34 * (h % 16), row = 24 + 14 * (h / 16);
            svg.Append($"<rect x=\"{x}\" y=\"{row}\" width=\"10\" height=\"10\" fill=\"{colours[h]}\"/><text x=\"{x + 12}\" y=\"{row + 9}\" class=\"s\">{h}</text>");
        }
        var weights = maps.Weights[view.Layer];
        for (var h = 0; h < maps.Heads; h++)
        {
            var byOpacity = new StringBuilder[11];
            for (var q = 0; q < tokens; q++)
                for (var k = 0; k < tokens; k++)
                {
                    var w = weights[h][q][k];
                    if ((maps.Causal && k > q) || !(w >= MinWeight)) continue;
                    var level = Math.Clamp((int)Math.Ceiling(w * 10), 1, 10);
                    (byOpacity[level] ??= new StringBuilder()).Append($"M{left + 6} {F(y[q], 1)}L{right - 6} {F(y[k], 1)}");
                }
            for (var level = 1; level <= 10; level++)
                if (byOpacity[level] is { } d)
                    svg.Append($"<path stroke=\"{colours[h]}\" stroke-opacity=\"{F(level / 10.0, 1)}\" d=\"{d}\"><title>head {h}</title></path>");
        }
        for (var i = 0; i < tokens; i++)
        {
            var label = TokenLabels.Escape(labels[i]);
            svg.Append($"<text x=\"{left}\" y=\"{F(y[i] + 4, 1)}\" text-anchor=\"end\">{label}</text><text x=\"{right}\" y=\"{F(y[i] + 4, 1)}\">{label}</text>");
            if (view.IsPair && (i == 0 || segments[i] != segments[i - 1]))
                svg.Append($"<text class=\"s\" x=\"2\" y=\"{F(y[i] + 4, 1)}\">{(segments[i] == 0 ? "A" : "B")}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Centre line of each token's row, with a gap between the two sentences of a pair; the last entry is past the end.</summary>
    internal static double[] Rows(IReadOnlyList<int> segments, bool pair)
    {
        var y = new double[segments.Count + 1];
        double offset = Top;
        for (var i = 0; i < segments.Count; i++)
        {
            if (pair && i > 0 && segments[i] != segments[i - 1]) offset += PairGap;
            y[i] = offset + RowHeight / 2.0;
            offset += RowHeight;
        }
        y[^1] = offset;
        return y;
    }
}
