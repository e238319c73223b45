using System.Text;
using LlmInteractive.Experiments;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// A small, dependency-free SVG rendering of the lab's line series (linear or log axes, legend, nice ticks): the live
/// loss curve and the offline fallback of Plotly charts; a series' colour overrides the palette. Long series are thinned to <see cref="MaxPoints"/> points.
/// </summary>
public static class SvgLineChart
{
    public const int MaxPoints = 600;

    static readonly string[] colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Render(IReadOnlyList<LineSeries> series, string? title = null, string? xTitle = null, string? yTitle = null,
        bool logX = false, bool logY = false, int width = 560, int height = 300)
    {
        const int left = 62, right = 16, bottom = 44;
        var top = title is null ? 14 : 30;
        var legend = series.Count(s => s.Name.Length > 0) > 1 ? LegendLayout(series, left, width - right) : [];
        var legendHeight = legend.Count == 0 ? 0 : 6 + 16 * (legend.Max(e => e.Row) + 1);
        var plotW = width - left - right;
        var plotH = height - top - bottom - legendHeight;
        var points = series.Select(s => Usable(s, logX, logY)).ToArray();
        var all = points.SelectMany(p => p).ToArray();
        var id = MarkupIds.Next("chart");
        var svg = new StringBuilder(8192);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" style=\"max-width:100%;height:auto\">");
        svg.Append($"<style>#{id} text{{font:11px system-ui,sans-serif;fill:#444}}#{id} .t{{font:bold 13px system-ui,sans-serif;fill:#222}}#{id} .g{{stroke:#e6e6e6}}#{id} .ax{{stroke:#999}}</style>");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        if (title is not null) svg.Append($"<text class=\"t\" x=\"{left}\" y=\"18\">{TokenLabels.Escape(title)}</text>");
        if (all.Length == 0)
        {
            svg.Append($"<text x=\"{left + plotW / 2}\" y=\"{top + plotH / 2}\" text-anchor=\"middle\">no data yet</text></svg>");
            return svg.ToString();
        }
        var (x0, x1) = Range(all.Select(p => p.X), logX);
        var (y0, y1) = Range(all.Select(p => p.Y), logY);
        double Sx(double x) => left + (Transform(x, logX) - x0) / (x1 - x0) * plotW;
        double Sy(double y) => top + plotH - (Transform(y, logY) - y0) / (y1 - y0) * plotH;

        foreach (var t in Ticks(x0, x1, logX))
        {
            var x = left + (Transform(t, logX) - x0) / (x1 - x0) * plotW;
            svg.Append($"<line class=\"g\" x1=\"{F(x, 1)}\" x2=\"{F(x, 1)}\" y1=\"{top}\" y2=\"{top + plotH}\"/><text x=\"{F(x, 1)}\" y=\"{top + plotH + 14}\" text-anchor=\"middle\">{TickLabel(t)}</text>");
        }
        foreach (var t in Ticks(y0, y1, logY))
        {
            var y = top + plotH - (Transform(t, logY) - y0) / (y1 - y0) * plotH;
            svg.Append($"<line class=\"g\" x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{F(y, 1)}\" y2=\"{F(y, 1)}\"/><text x=\"{left - 4}\" y=\"{F(y + 4, 1)}\" text-anchor=\"end\">{TickLabel(t)}</text>");
        }
        svg.Append($"<rect class=\"ax\" x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\"/>");
        if (xTitle is not null) svg.Append($"<text x=\"{left + plotW / 2}\" y=\"{top + plotH + 30}\" text-anchor=\"middle\">{TokenLabels.Escape(xTitle)}</text>");
        if (yTitle is not null) svg.Append($"<text transform=\"translate(14,{top + plotH / 2})rotate(-90)\" text-anchor=\"middle\">{TokenLabels.Escape(yTitle)}</text>");

        for (var s = 0; s < series.Count; s++)
        {
            var colour = Colour(series[s], s);
            var pts = Thin(points[s]);
            if (pts.Count == 0) continue;
            if (series[s].Markers)
            {
                svg.Append($"<g fill=\"{colour}\"><title>{TokenLabels.Escape(series[s].Name)}</title>");
                foreach (var p in pts) svg.Append($"<circle cx=\"{F(Sx(p.X), 1)}\" cy=\"{F(Sy(p.Y), 1)}\" r=\"3.5\"><title>{Label(p.X)}, {Label(p.Y)}</title></circle>");
                svg.Append("</g>");
            }
            else
            {
                svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.8\"{(series[s].Dashed ? " stroke-dasharray=\"6 4\"" : "")} points=\"");
                foreach (var p in pts) svg.Append($"{F(Sx(p.X), 1)},{F(Sy(p.Y), 1)} ");
                svg.Append($"\"><title>{TokenLabels.Escape(series[s].Name)}: last {Label(pts[^1].Y)}</title></polyline>");
            }
        }
        var legendTop = top + plotH + bottom;
        for (var s = 0; s < legend.Count; s++)
        {
            if (series[s].Name.Length == 0) continue;
            var (lx, row) = legend[s];
            var y = legendTop + 16 * row;
            // A marker series gets a square swatch, a line a bar: rectangles both, so the legend adds no circles to count.
            var swatch = series[s].Markers
                ? $"<rect x=\"{F(lx + 2, 1)}\" y=\"{y - 2}\" width=\"8\" height=\"8\" rx=\"4\" fill=\"{Colour(series[s], s)}\"/>"
                : $"<rect x=\"{F(lx, 1)}\" y=\"{y}\" width=\"12\" height=\"4\" fill=\"{Colour(series[s], s)}\"/>";
            svg.Append($"{swatch}<text x=\"{F(lx + 16, 1)}\" y=\"{y + 6}\">{TokenLabels.Escape(series[s].Name)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Legend entries left to right, wrapping to a new row rather than running off the chart's right edge.</summary>
    static List<(double X, int Row)> LegendLayout(IReadOnlyList<LineSeries> series, double left, double right)
    {
        var layout = new List<(double, int)>(series.Count);
        double x = left;
        var row = 0;
        foreach (var s in series)
        {
            if (s.Name.Length == 0) { layout.Add((x, row)); continue; }   // kept out of the legend, keeps the index
            var entry = 30 + 6.2 * s.Name.Length;
            if (x > left && x + entry - 14 > right) { x = left; row++; }
            layout.Add((x, row));
            x += entry;
        }
        return layout;
    }

    // A caller's colour only when it is a plain CSS colour token, so it cannot break out of the attribute.
    static string Colour(LineSeries series, int index) =>
        series.Colour is { Length: > 0 and < 40 } c && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '#' or '(' or ')' or ',' or '.' or '%' or ' ')
            ? c : colours[index % colours.Length];

    static List<(double X, double Y)> Usable(LineSeries s, bool logX, bool logY)
    {
        if (s.X.Count != s.Y.Count)
            throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values; give one x per y.");
        var list = new List<(double, double)>(s.X.Count);
        for (var i = 0; i < s.X.Count; i++)
        {
            double x = s.X[i], y = s.Y[i];
            if (!double.IsFinite(x) || !double.IsFinite(y) || (logX && x <= 0) || (logY && y <= 0)) continue;
            list.Add((x, y));
        }
        return list;
    }

    /// <summary>Keeps the curve's shape with a bounded number of points (bucket means).</summary>
    static List<(double X, double Y)> Thin(List<(double X, double Y)> pts)
    {
        if (pts.Count <= MaxPoints) return pts;
        var thinned = new List<(double, double)>(MaxPoints);
        var bucket = pts.Count / (double)MaxPoints;
        for (var b = 0; b < MaxPoints; b++)
        {
            int from = (int)(b * bucket), to = Math.Max(from + 1, (int)((b + 1) * bucket));
            double sx = 0, sy = 0;
            for (var i = from; i < to; i++) { sx += pts[i].X; sy += pts[i].Y; }
            thinned.Add((sx / (to - from), sy / (to - from)));
        }
        return thinned;
    }

    static double Transform(double v, bool log) => log ? Math.Log10(v) : v;

    static (double Lo, double Hi) Range(IEnumerable<double> values, bool log)
    {
        var t = values.Select(v => Transform(v, log)).ToArray();
        double lo = t.Min(), hi = t.Max();
        if (hi - lo < 1e-12) { lo -= log ? 0.5 : Math.Max(1e-6, Math.Abs(lo) * 0.1); hi += log ? 0.5 : Math.Max(1e-6, Math.Abs(hi) * 0.1); }
        var pad = (hi - lo) * 0.04;
        return (lo - pad, hi + pad);
    }

    /// <summary>
    /// Round tick values in data units. Linear axes: 1-2-5 steps. Log axes: powers of ten over many decades, 1-2-5 within
    /// each decade over few, and round linear steps (placed on the log scale) when the range is under a decade, so a
    /// loss axis from 1.19 to 2.1 reads 1.2, 1.4, … rather than showing a single tick.
    /// </summary>
    internal static IReadOnlyList<double> Ticks(double lo, double hi, bool log)
    {
        if (log)
        {
            int first = (int)Math.Floor(lo), last = (int)Math.Ceiling(hi);
            bool Inside(double v) => Math.Log10(v) >= lo - 1e-9 && Math.Log10(v) <= hi + 1e-9;
            var decades = Enumerable.Range(first, last - first + 1).Select(e => Math.Pow(10, e)).Where(Inside).ToList();
            if (decades.Count >= 4)
            {
                // Thin to at most ~7 labelled decades.
                var every = (decades.Count + 6) / 7;
                return decades.Where((_, i) => i % every == 0).ToList();
            }
            var oneTwoFive = Enumerable.Range(first, last - first + 1)
                .SelectMany(e => new[] { 1.0, 2, 5 }.Select(m => m * Math.Pow(10, e))).Where(Inside).Order().ToList();
            if (oneTwoFive.Count >= 3) return oneTwoFive;
            return Ticks(Math.Pow(10, lo), Math.Pow(10, hi), log: false).Where(v => v > 0).ToList();
        }
        var raw = (hi - lo) / 5;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * mag).First(s => s >= raw);
        var ticks = new List<double>();
        for (var i = Math.Ceiling(lo / step - 1e-9); i * step <= hi + 1e-12; i++)
        {
            var v = i * step;
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : Math.Round(v / mag) * mag);
        }
        return ticks;
    }

    static readonly string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>Tick text: 10ⁿ for large and small powers of ten, 2·10ⁿ for other mantissas, plain decimals otherwise.</summary>
    internal static string TickLabel(double v)
    {
        var a = Math.Abs(v);
        if (a != 0 && (a >= 1e4 || a < 1e-3))
        {
            var exponent = (int)Math.Floor(Math.Log10(a) + 1e-9);
            var mantissa = v / Math.Pow(10, exponent);
            var power = "10" + (exponent < 0 ? "⁻" : "") + string.Concat(Math.Abs(exponent).ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => superscripts[d - '0']));
            return Math.Abs(mantissa - Math.Round(mantissa)) < 1e-6 && Math.Round(Math.Abs(mantissa)) == 1
                ? (mantissa < 0 ? "−" : "") + power
                : $"{mantissa.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}·{power}";
        }
        return v.ToString(a >= 1000 ? "N0" : "0.###", System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string Label(double v)
    {
        var a = Math.Abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) return v.ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture);
        return a >= 1000 ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : F(v, a >= 100 ? 0 : a >= 1 ? 2 : 4);
    }
}
