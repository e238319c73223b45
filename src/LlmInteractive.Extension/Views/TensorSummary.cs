using System.Text;
using TorchSharp;
using static LlmInteractive.Views.ColorScale;
using static TorchSharp.torch;

namespace LlmInteractive.Views;

/// <summary>
/// What a notebook shows for a TorchSharp tensor: shape, dtype, device, statistics of the finite values, NaN/Inf
/// counts, and the values themselves only when small (≤ <see cref="MaxTableRows"/> × <see cref="MaxTableColumns"/>).
/// </summary>
public sealed record TensorSummary(
    long[] Shape, ScalarType DType, string Device, long Count, double? Min, double? Max, double? Mean, double? Std,
    long NaNs, long Infinities, double[,]? Values)
{
    public const int MaxTableRows = 32;
    public const int MaxTableColumns = 32;

    public static TensorSummary From(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid) throw new ObjectDisposedException(nameof(tensor), "The tensor was disposed (its dispose scope ended); keep it with MoveToOuterScope() to show it.");
        using var scope = torch.NewDisposeScope();
        var shape = tensor.shape;
        var count = tensor.numel();
        if (count == 0 || tensor.dtype is ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64)
            return new TensorSummary(shape, tensor.dtype, tensor.device.ToString(), count, null, null, null, null, 0, 0, null);
        var values = tensor.detach().to(DeviceType.CPU).to_type(ScalarType.Float64);
        var nans = values.isnan().sum().item<long>();
        var infinities = values.isinf().sum().item<long>();
        var finite = values.masked_select(values.isfinite());
        var finiteCount = finite.numel();
        double? min = finiteCount > 0 ? finite.min().item<double>() : null;
        double? max = finiteCount > 0 ? finite.max().item<double>() : null;
        double? mean = finiteCount > 0 ? finite.mean().item<double>() : null;
        double? std = finiteCount > 1 ? finite.std().item<double>() : null;
        return new TensorSummary(shape, tensor.dtype, tensor.device.ToString(), count, min, max, mean, std, nans, infinities, Table(values, shape));
    }

    /// <summary>The values as rows × columns when the tensor is a scalar, a short vector or a small matrix.</summary>
    static double[,]? Table(Tensor values, long[] shape)
    {
        var (rows, columns) = shape.Length switch
        {
            0 => (1L, 1L),
            1 => (1L, shape[0]),
            2 => (shape[0], shape[1]),
            _ => (0L, 0L),
        };
        if (rows == 0 || rows > MaxTableRows || columns > MaxTableColumns) return null;
        var flat = values.reshape(-1).data<double>().ToArray();
        var table = new double[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                table[r, c] = flat[r * columns + c];
        return table;
    }

    string ShapeText => "(" + string.Join(", ", Shape) + ")";

    public override string ToString()
    {
        var text = new StringBuilder($"Tensor {ShapeText} {DType} on {Device}: {Count:N0} values");
        if (Min is not null) text.Append($", min {Num(Min)}, max {Num(Max)}, mean {Num(Mean)}, std {Num(Std)}");
        if (NaNs > 0 || Infinities > 0) text.Append($", {NaNs} NaN, {Infinities} Inf");
        if (Values is { } v)
        {
            text.AppendLine();
            for (var r = 0; r < v.GetLength(0); r++)
                text.AppendLine(string.Join(" ", Enumerable.Range(0, v.GetLength(1)).Select(c => Num(v[r, c]).PadLeft(9))));
        }
        return text.ToString();
    }

    public string ToHtml()
    {
        var id = MarkupIds.Next("llmi-tensor");
        var html = new StringBuilder(2048);
        html.Append($"<div class=\"llmi-tensor\" id=\"{id}\"><style>#{id}{{font:13px system-ui,sans-serif;color:#222}}");
        html.Append($"#{id} .kv{{display:flex;flex-wrap:wrap;gap:4px 16px;margin-bottom:6px;font-variant-numeric:tabular-nums}}#{id} .kv span{{color:#666}}");
        html.Append($"#{id} .bad{{color:#c62828;font-weight:bold}}#{id} table{{border-collapse:collapse;font:11px ui-monospace,monospace}}");
        html.Append($"#{id} td{{padding:2px 5px;text-align:right;min-width:2.5em}}</style>");
        html.Append($"<div><b>Tensor</b> {ShapeText} · {DType} · {TokenLabels.Escape(Device)} · {Count:N0} values</div><div class=\"kv\">");
        foreach (var (name, value) in new[] { ("min", Min), ("max", Max), ("mean", Mean), ("std", Std) })
            html.Append($"<span>{name}</span><b>{Num(value)}</b>");
        html.Append($"<span>NaN</span><b{(NaNs > 0 ? " class=\"bad\"" : "")}>{NaNs}</b><span>Inf</span><b{(Infinities > 0 ? " class=\"bad\"" : "")}>{Infinities}</b></div>");
        if (Values is { } v)
        {
            double lo = Min ?? 0, hi = Max ?? 1, span = hi - lo;
            html.Append("<table>");
            for (var r = 0; r < v.GetLength(0); r++)
            {
                html.Append("<tr>");
                for (var c = 0; c < v.GetLength(1); c++)
                {
                    var x = v[r, c];
                    if (!double.IsFinite(x)) { html.Append($"<td class=\"bad\">{Num(x)}</td>"); continue; }
                    var level = Level(span > 0 ? (x - lo) / span : 0.5);
                    html.Append($"<td style=\"background:{Viridis[level]};color:{ViridisInk(level)}\" title=\"[{r},{c}] = {x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\">{Num(x)}</td>");
                }
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        else if (Count > 0) html.Append($"<div style=\"color:#666\">values not shown: tables are drawn for tensors up to {MaxTableRows} × {MaxTableColumns}</div>");
        return html.Append("</div>").ToString();
    }

    static string Num(double? value) => value switch
    {
        null => "–",
        { } v when double.IsNaN(v) => "NaN",
        { } v when double.IsInfinity(v) => v > 0 ? "Inf" : "-Inf",
        { } v => v == Math.Floor(v) && Math.Abs(v) < 1e6 ? F(v, 1) : SvgLineChart.Label(v),
    };
}
