using System.Text;
using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Views;

/// <summary>One module in a model's tree: its path, type and parameter counts (own and with children).</summary>
public sealed record ModuleRow(string Path, int Depth, string Type, long OwnParameters, long TotalParameters);

/// <summary>
/// A model at a glance: the module tree with parameters per module, trainable/frozen totals, FLOPs per token and
/// the device. Built from an <see cref="ILanguageModel"/> (adds context, vocabulary and FLOPs) or any torch module.
/// </summary>
public sealed record ModelSummary(
    string Name, IReadOnlyList<ModuleRow> Modules, long Parameters, long Trainable, string Device,
    double? FlopsPerToken, int? ContextLength, int? VocabularySize)
{
    /// <summary>Rows deeper than this are folded into their parent's total.</summary>
    public const int MaxDepth = 3;

    public static ModelSummary From(ILanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var summary = From(model.Module, model.GetType().Name);
        return summary with
        {
            Parameters = model.ParameterCount,
            FlopsPerToken = model.FlopsPerToken,
            ContextLength = model.ContextLength,
            VocabularySize = model.VocabularySize,
        };
    }

    public static ModelSummary From(nn.Module module, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var rows = new List<ModuleRow>();
        Walk(module, name ?? module.GetType().Name, 0, rows);
        var parameters = module.parameters().ToArray();
        var device = parameters.Length > 0 ? parameters[0].device.ToString() : "cpu (no parameters)";
        return new ModelSummary(name ?? module.GetType().Name, rows, parameters.Sum(p => p.numel()),
            parameters.Where(p => p.requires_grad).Sum(p => p.numel()), device, null, null, null);
    }

    static void Walk(nn.Module module, string path, int depth, List<ModuleRow> rows)
    {
        var own = module.named_parameters(recurse: false).Sum(p => p.parameter.numel());
        var total = module.parameters().Sum(p => p.numel());
        var type = module.GetType().Name;
        rows.Add(new ModuleRow(path, depth, type.Contains('`') ? type[..type.IndexOf('`')] : type, own, total));
        if (depth >= MaxDepth) return;
        foreach (var (childName, child) in module.named_children())
            Walk(child, childName, depth + 1, rows);
    }

    public string ToHtml()
    {
        var id = MarkupIds.Next("llmi-model");
        var html = new StringBuilder(4096);
        html.Append($"<div class=\"llmi-model\" id=\"{id}\"><style>#{id}{{font:13px system-ui,sans-serif;color:#222}}");
        html.Append($"#{id} .kv{{display:flex;flex-wrap:wrap;gap:4px 18px;margin:4px 0 8px}}#{id} .kv span{{color:#666}}");
        html.Append($"#{id} table{{border-collapse:collapse;font:12px ui-monospace,monospace}}#{id} td,#{id} th{{padding:2px 10px;text-align:left}}");
        html.Append($"#{id} td.n{{text-align:right;font-variant-numeric:tabular-nums}}#{id} tr:nth-child(even){{background:#f6f8fa}}#{id} th{{border-bottom:1px solid #ccc}}</style>");
        html.Append($"<div><b>{TokenLabels.Escape(Name)}</b></div><div class=\"kv\">");
        html.Append($"<span>parameters</span><b>{Parameters:N0}</b><span>trainable</span><b>{Trainable:N0}</b><span>frozen</span><b>{Math.Max(0, Parameters - Trainable):N0}</b>");
        if (FlopsPerToken is { } f) html.Append($"<span>FLOPs/token</span><b>{SvgLineChart.Label(f)}</b>");
        if (ContextLength is { } c) html.Append($"<span>context</span><b>{c}</b>");
        if (VocabularySize is { } v) html.Append($"<span>vocabulary</span><b>{v:N0}</b>");
        html.Append($"<span>device</span><b>{TokenLabels.Escape(Device)}</b></div>");
        html.Append("<table><tr><th>module</th><th>type</th><th>own params</th><th>total params</th><th>share</th></tr>");
        foreach (var row in Modules)
        {
            var share = Parameters > 0 ? row.TotalParameters / (double)Parameters : 0;
            html.Append($"<tr><td style=\"padding-left:{10 + 16 * row.Depth}px\">{TokenLabels.Escape(row.Path)}</td><td>{TokenLabels.Escape(row.Type)}</td>");
            html.Append($"<td class=\"n\">{row.OwnParameters:N0}</td><td class=\"n\">{row.TotalParameters:N0}</td><td class=\"n\">{ColorScale.F(share * 100, 1)}%</td></tr>");
        }
        return html.Append("</table></div>").ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Name}: {Parameters:N0} parameters ({Trainable:N0} trainable) on {Device}");
        if (FlopsPerToken is { } f) text.Append($", {SvgLineChart.Label(f)} FLOPs/token");
        text.AppendLine();
        foreach (var row in Modules)
            text.AppendLine($"{new string(' ', 2 * row.Depth)}{row.Path} ({row.Type}): {row.TotalParameters:N0}");
        return text.ToString();
    }
}
