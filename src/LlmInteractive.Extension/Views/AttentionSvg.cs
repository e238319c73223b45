using System.Text;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// Static SVG of attention (no script: GitHub's notebook preview shows it). One head draws every cell with its exact
/// weight as a tooltip; grids draw pooled panels, one path per colour, so 12 × 12 heads × 256 tokens stays small.
/// </summary>
public static class AttentionSvg
{
    /// <summary>Largest sequence drawn cell by cell in the one-head view; longer ones are pooled to this many blocks.</summary>
    public const int SingleHeadCells = 64;

    /// <summary>Total pooled cells over all panels of a grid (bounds the size of the picture).</summary>
    public const int GridCellBudget = 32_000;

    /// <summary>Weight ticks on the colour legend.</summary>
    static readonly double[] legendTicks = [0, 0.01, 0.05, 0.25, 0.5, 1];

    /// <summary>Colour level of a weight: the square root spreads the many small weights of long sequences.</summary>
    public static int Level(double weight) => ColorScale.Level(Math.Sqrt(Math.Max(0, weight)));

    public static string Render(AttentionView view)
    {
        view.Validated();
        return view.IsSingleHead ? RenderSingle(view) : RenderGrid(view);
    }

    static string RenderSingle(AttentionView view)
    {
        var maps = view.Maps;
        int layer = view.ShownLayers[0], head = view.ShownHeads[0];
        var tokens = maps.Tokens.Count;
        var block = AttentionPooling.BlockSize(tokens, SingleHeadCells);
        var cells = AttentionPooling.Cells(tokens, block);
        var pooled = AttentionPooling.Pool(maps.Weights[layer][head], block, maps.Causal);
        var cell = cells <= 16 ? 26 : cells <= 40 ? 16 : 12;
        var fontSize = Math.Min(11, cell - 1); // labels never taller than their row
        var labels = Enumerable.Range(0, cells).Select(i => BlockLabel(maps.Tokens, i, block)).ToArray();
        var margin = 14 + 7 * Math.Min(12, labels.Max(l => l.Length));
        int left = margin, top = margin + 24, size = cells * cell;
        int width = left + size + 90, height = Math.Max(top + size + 16, top + 220);
        var id = MarkupIds.Next("att");
        var svg = Open(id, width, height, $"Attention, layer {layer} head {head}");
        svg.Append($"<style>#{id} .l{{font-size:{fontSize}px}}</style>");
        svg.Append($"<text x=\"{left}\" y=\"16\" class=\"h\">Layer {layer} · head {head}{(block > 1 ? $" · {block}×{block} token blocks (mean)" : "")}</text>");
        svg.Append($"<text x=\"{left + size / 2}\" y=\"30\" class=\"s\" text-anchor=\"middle\">key (attended to) →</text>");
        for (var i = 0; i < cells; i++)
        {
            var label = TokenLabels.Escape(TokenLabels.Shorten(labels[i], 12));
            // Centre the glyphs on the row / column: shift by about a third of the font size from the middle.
            var c = F(i * cell + cell / 2.0 + fontSize * 0.35, 1);
            svg.Append($"<text class=\"l\" x=\"{left - 4}\" y=\"{top}\" dy=\"{c}\" text-anchor=\"end\">{label}</text>");
            svg.Append($"<text class=\"l\" transform=\"translate({left},{top - 4})rotate(-90)\" dy=\"{c}\">{label}</text>");
        }
        for (var q = 0; q < cells; q++)
            for (var k = 0; k < cells; k++)
            {
                var w = pooled[q * cells + k];
                if (float.IsNaN(w)) continue;
                var title = block == 1
                    ? $"query {q} {labels[q]} → key {k} {labels[k]}: {F(w, 4)}"
                    : $"queries {labels[q]} → keys {labels[k]}: mean {F(w, 4)}";
                svg.Append($"<rect x=\"{left + k * cell}\" y=\"{top + q * cell}\" width=\"{cell}\" height=\"{cell}\" class=\"c{Level(w)}\"><title>{TokenLabels.Escape(title)}</title></rect>");
            }
        if (maps.Causal) AppendMask(svg, id, left, top, cells, cell, withTitle: true);
        AppendLegend(svg, left + size + 24, top, Math.Min(size, 200));
        return svg.Append("</svg>").ToString();
    }

    static string RenderGrid(AttentionView view)
    {
        var maps = view.Maps;
        var layers = view.ShownLayers;
        var heads = view.ShownHeads;
        var tokens = maps.Tokens.Count;
        var panels = layers.Count * heads.Count;
        var maxCells = Math.Clamp((int)Math.Sqrt(2.0 * GridCellBudget / panels), 4, SingleHeadCells);
        var block = AttentionPooling.BlockSize(tokens, maxCells);
        var cells = AttentionPooling.Cells(tokens, block);
        var cell = Math.Max(1, 96 / cells);
        var panel = cells * cell;
        const int gap = 8, left = 34, top = 44;
        int width = left + heads.Count * (panel + gap) + 90, height = Math.Max(top + layers.Count * (panel + gap) + 8, top + 200);
        var id = MarkupIds.Next("att");
        var svg = Open(id, width, height, $"Attention of {layers.Count} layer(s) × {heads.Count} head(s) over {tokens} tokens");
        svg.Append($"<text x=\"{left}\" y=\"16\" class=\"h\">Attention · {layers.Count} layer(s) × {heads.Count} head(s) · {tokens} tokens{(block > 1 ? $" · {block}×{block} blocks (mean)" : "")}</text>");
        for (var hi = 0; hi < heads.Count; hi++)
            svg.Append($"<text x=\"{left + hi * (panel + gap) + panel / 2}\" y=\"{top - 6}\" text-anchor=\"middle\">H{heads[hi]}</text>");
        var paths = new StringBuilder[Levels];
        for (var li = 0; li < layers.Count; li++)
        {
            var y0 = top + li * (panel + gap);
            svg.Append($"<text x=\"{left - 6}\" y=\"{y0 + panel / 2 + 4}\" text-anchor=\"end\">L{layers[li]}</text>");
            for (var hi = 0; hi < heads.Count; hi++)
            {
                var x0 = left + hi * (panel + gap);
                var pooled = AttentionPooling.Pool(maps.Weights[layers[li]][heads[hi]], block, maps.Causal);
                for (var l = 0; l < Levels; l++) paths[l] = new StringBuilder();
                for (var q = 0; q < cells; q++)
                    for (var k = 0; k < cells; k++)
                    {
                        var w = pooled[q * cells + k];
                        if (float.IsNaN(w)) continue;
                        // Merge a run of equal colours on the row into one rectangle.
                        var level = Level(w);
                        var run = 1;
                        while (k + run < cells && !float.IsNaN(pooled[q * cells + k + run]) && Level(pooled[q * cells + k + run]) == level) run++;
                        paths[level].Append($"M{x0 + k * cell} {y0 + q * cell}h{run * cell}v{cell}h-{run * cell}z");
                        k += run - 1;
                    }
                svg.Append($"<g><title>layer {layers[li]} · head {heads[hi]}</title><rect x=\"{x0}\" y=\"{y0}\" width=\"{panel}\" height=\"{panel}\" class=\"bg\"/>");
                for (var l = 0; l < Levels; l++)
                    if (paths[l].Length > 0) svg.Append($"<path class=\"c{l}\" d=\"{paths[l]}\"/>");
                if (maps.Causal) AppendMask(svg, id, x0, y0, cells, cell, withTitle: false);
                svg.Append("</g>");
            }
        }
        AppendLegend(svg, left + heads.Count * (panel + gap) + 16, top, 160);
        return svg.Append("</svg>").ToString();
    }

    static StringBuilder Open(string id, int width, int height, string title)
    {
        var svg = new StringBuilder(64 * 1024);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto\">");
        svg.Append($"<title>{TokenLabels.Escape(title)}</title><style>");
        for (var l = 0; l < Levels; l++) svg.Append($"#{id} .c{l}{{fill:{Viridis[l]}}}");
        svg.Append($"#{id} text{{font:11px ui-monospace,Menlo,Consolas,monospace;fill:#333}}#{id} .h{{font:bold 13px system-ui,sans-serif}}");
        svg.Append($"#{id} .s{{font:11px system-ui,sans-serif;fill:#666}}#{id} .bg{{fill:#fafafa;stroke:#ddd}}#{id} .m{{fill:url(#{id}-hatch)}}");
        svg.Append($"</style><defs><pattern id=\"{id}-hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">");
        svg.Append("<rect width=\"5\" height=\"5\" fill=\"#eeeeee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#c8c8c8\" stroke-width=\"2\"/></pattern></defs>");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        return svg;
    }

    /// <summary>The masked future (key block after query block) as one hatched staircase.</summary>
    static void AppendMask(StringBuilder svg, string id, int x0, int y0, int cells, int cell, bool withTitle)
    {
        if (cells < 2) return;
        var d = new StringBuilder();
        for (var q = 0; q < cells - 1; q++)
            d.Append($"M{x0 + (q + 1) * cell} {y0 + q * cell}h{(cells - q - 1) * cell}v{cell}h-{(cells - q - 1) * cell}z");
        svg.Append($"<path class=\"m\" d=\"{d}\">{(withTitle ? "<title>masked: a causal model cannot attend to future tokens</title>" : "")}</path>");
    }

    static void AppendLegend(StringBuilder svg, int x, int y, int height)
    {
        var step = height / (double)Levels;
        svg.Append("<g><title>colour ∝ √weight</title>");
        for (var l = 0; l < Levels; l++)
            svg.Append($"<rect x=\"{x}\" y=\"{F(y + height - (l + 1) * step)}\" width=\"14\" height=\"{F(step + 0.5)}\" class=\"c{l}\"/>");
        foreach (var tick in legendTicks)
            svg.Append($"<text x=\"{x + 18}\" y=\"{F(y + height - Math.Sqrt(tick) * height + 4)}\">{F(tick)}</text>");
        svg.Append($"<rect x=\"{x}\" y=\"{y + height + 10}\" width=\"14\" height=\"10\" class=\"m\"/><text x=\"{x + 18}\" y=\"{y + height + 19}\">masked</text></g>");
    }

    /// <summary>Label of a block: the token itself, or "first…last" token indices of the block.</summary>
    internal static string BlockLabel(IReadOnlyList<string> tokens, int index, int block)
    {
        if (block == 1) return TokenLabels.Visible(tokens[index]);
        var first = index * block;
        var last = Math.Min(tokens.Count, first + block) - 1;
        return $"{first}–{last}";
    }
}
