using System.Text;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// Static neuron view (no script, for GitHub's notebook preview): the chosen head and query token's q, every k, q × k,
/// q·k, the scaled score, the softmax and the model's weight. Vector cells are quantised to 17 diverging colours
/// drawn as one path each, so the picture stays small.
/// </summary>
public static class NeuronViewSvg
{
    const int Steps = 8, Cell = 5, RowHeight = 16, FirstRow = 86;

    public static string Render(NeuronView view)
    {
        view.Validated();
        var v = view.Vectors;
        int layer = view.Layer, head = view.Head, query = view.Query, d = v.HeadSize, tokens = v.Tokens.Count;
        var labels = v.Tokens.Select(t => TokenLabels.Shorten(TokenLabels.Visible(t), 14)).ToArray();
        var q = v.Queries[layer][head][query];
        var keys = v.Keys[layer][head];
        var products = keys.Select(k => k.Select((x, i) => x * q[i]).ToArray()).ToArray();
        var vectorScale = Math.Max(1e-9, keys.Append(q).SelectMany(x => x).Max(x => Math.Abs(x)));
        var productScale = Math.Max(1e-9, products.SelectMany(x => x).Max(x => Math.Abs(x)));
        var scores = v.ScaledScores(layer, head, query);
        var softmax = v.Softmax(layer, head, query);
        var model = v.Attention.Weights[layer][head][query];

        var labelWidth = 14 + 7 * Math.Max(3 + labels[query].Length, labels.Max(l => l.Length));
        int kx = labelWidth, px = kx + d * Cell + 14, dotX = px + d * Cell + 62, scoreX = dotX + 66, barX = scoreX + 12, modelX = barX + 64 + 48 + 60;
        int width = modelX + 8, height = FirstRow + tokens * RowHeight + 24;
        var id = MarkupIds.Next("neuron");
        var cells = new StringBuilder[2 * Steps + 1];
        void Strip(float[] values, double scale, int x, int y)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var level = Math.Clamp((int)Math.Round(values[i] / scale * Steps), -Steps, Steps) + Steps;
                (cells[level] ??= new StringBuilder()).Append($"M{x + i * Cell} {y}h{Cell}v12h-{Cell}z");
            }
        }
        var svg = new StringBuilder(32 * 1024);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto\">");
        svg.Append($"<title>Neuron view, layer {layer} head {head}, query {query}</title><style>");
        svg.Append($"#{id} text{{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#222}}#{id} .h{{font:bold 13px system-ui,sans-serif}}#{id} .s{{font:11px system-ui,sans-serif;fill:#666}}#{id} .m{{fill:#aaa}}");
        svg.Append($"</style><rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        svg.Append($"<text x=\"4\" y=\"16\" class=\"h\">Neuron view · layer {layer} · head {head} · query {query} {TokenLabels.Escape(labels[query])}</text>");
        svg.Append($"<text x=\"4\" y=\"32\" class=\"s\">score = q·k × 1/√d (d = {d}, 1/√d = {F(v.Scale, 4)}); weight = softmax of the scores over the keys; blue &lt; 0 &lt; red</text>");
        svg.Append($"<text x=\"4\" y=\"54\" class=\"s\">key</text><text x=\"{kx}\" y=\"54\" class=\"s\">k ({d} dimensions)</text><text x=\"{px}\" y=\"54\" class=\"s\">q × k</text>");
        svg.Append($"<text x=\"{dotX}\" y=\"54\" class=\"s\" text-anchor=\"end\">q·k</text><text x=\"{scoreX}\" y=\"54\" class=\"s\" text-anchor=\"end\">× 1/√d</text>");
        svg.Append($"<text x=\"{barX}\" y=\"54\" class=\"s\">softmax</text><text x=\"{modelX}\" y=\"54\" class=\"s\" text-anchor=\"end\">model</text>");
        svg.Append($"<text x=\"4\" y=\"{FirstRow - 14}\">q: {TokenLabels.Escape(labels[query])}</text>");
        Strip(q, vectorScale, kx, FirstRow - 24);
        for (var k = 0; k < tokens; k++)
        {
            var y = FirstRow + k * RowHeight;
            var visible = v.Visible(query, k);
            svg.Append($"<text x=\"4\" y=\"{y + 10}\"{(visible ? "" : " class=\"m\"")}>{TokenLabels.Escape(labels[k])}</text>");
            if (!visible)
            {
                svg.Append($"<text x=\"{kx}\" y=\"{y + 10}\" class=\"s\">masked: a causal model cannot attend to a later token</text>");
                continue;
            }
            Strip(keys[k], vectorScale, kx, y);
            Strip(products[k], productScale, px, y);
            svg.Append($"<text x=\"{dotX}\" y=\"{y + 10}\" text-anchor=\"end\">{F(scores[k] / v.Scale, 3)}</text><text x=\"{scoreX}\" y=\"{y + 10}\" text-anchor=\"end\">{F(scores[k], 3)}</text>");
            svg.Append($"<rect x=\"{barX}\" y=\"{y + 2}\" width=\"{F(60 * softmax[k], 1)}\" height=\"10\" fill=\"#4e79a7\"/><text x=\"{barX + 64}\" y=\"{y + 10}\">{F(softmax[k], 4)}</text>");
            svg.Append($"<text x=\"{modelX}\" y=\"{y + 10}\" text-anchor=\"end\">{F(model[k], 4)}</text>");
        }
        for (var level = 0; level < cells.Length; level++)
            if (cells[level] is { } path) svg.Append($"<path fill=\"{Diverging(level - Steps, Steps)}\" d=\"{path}\"/>");
        svg.Append($"<text x=\"4\" y=\"{height - 8}\" class=\"s\">Σ softmax = {F(softmax.Sum(), 4)}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>White at 0, to red (+) or blue (−) at ±<paramref name="steps"/>: the neuron view's scale (as its script's).</summary>
    internal static string Diverging(int level, int steps)
    {
        var a = Math.Abs(level) / (double)steps;
        int[] end = level >= 0 ? [178, 24, 43] : [33, 102, 172];
        return "#" + string.Concat(end.Select(c => ((int)Math.Round(255 + (c - 255) * a)).ToString("x2")));
    }
}
