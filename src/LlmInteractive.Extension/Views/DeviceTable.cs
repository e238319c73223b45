using System.Text;
using LlmInteractive.Runtime;

namespace LlmInteractive.Views;

/// <summary>The devices libtorch sees, with the one models are built on marked.</summary>
public sealed record DeviceTable(IReadOnlyList<DeviceDescription> Devices, string Selected)
{
    public string ToHtml()
    {
        var id = MarkupIds.Next("llmi-dev");
        var html = new StringBuilder($"<div id=\"{id}\"><style>#{id} table{{border-collapse:collapse;font:13px system-ui,sans-serif}}#{id} td,#{id} th{{padding:3px 12px;text-align:left}}#{id} tr.sel{{background:#e8f4e8;font-weight:bold}}#{id} th{{border-bottom:1px solid #ccc}}</style>");
        html.Append("<table><tr><th></th><th>device</th><th>model</th><th>memory</th></tr>");
        foreach (var device in Devices)
        {
            var selected = IsSelected(device);
            html.Append($"<tr{(selected ? " class=\"sel\"" : "")}><td>{(selected ? "▶" : "")}</td><td>{TokenLabels.Escape(device.Name)}</td>");
            html.Append($"<td>{TokenLabels.Escape(device.Model ?? "–")}</td><td>{Memory(device.MemoryBytes)}</td></tr>");
        }
        return html.Append("</table></div>").ToString();
    }

    public override string ToString() => string.Join("\n", Devices.Select(d =>
        $"{(IsSelected(d) ? "*" : " ")} {d.Name,-8} {d.Model ?? "-"} {Memory(d.MemoryBytes)}"));

    bool IsSelected(DeviceDescription device) =>
        device.Name == Selected || (Selected == "cuda" && device.Name == "cuda:0");

    static string Memory(long? bytes) => bytes is { } b ? $"{b / (1024.0 * 1024 * 1024):0.0} GiB" : "–";
}
