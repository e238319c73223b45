using System.Text;

namespace LlmInteractive.Views;

/// <summary>
/// The end every interactive view shares: its numbers as JSON in the output and its script, run once per output and
/// bound to that output's root element (so a view works many times in one notebook). The script starts with the
/// same prologue everywhere: <c>root</c> (the view's element), <c>d</c> (the parsed data) and <c>bytesOf(base64)</c>
/// (the bytes <see cref="WeightEncoding"/> wrote).
/// </summary>
public static class ViewScript
{
    const string Prologue =
        "const root=document.getElementById('ROOT_ID');\n" +
        "const d=JSON.parse(root.querySelector('script[type=\"application/json\"]').textContent);\n" +
        "function bytesOf(b64){const raw=atob(b64),b=new Uint8Array(raw.length);for(let i=0;i<raw.length;i++)b[i]=raw.charCodeAt(i);return b;}\n";

    /// <summary>Appends the data, the script wrapped with the prologue in a function of its own, and closes the view's root div.</summary>
    public static void Append(StringBuilder html, string rootId, string json, string body)
    {
        html.Append($"<script type=\"application/json\">{json}</script>");
        html.Append("<script>(function(){\n").Append(Prologue.Replace("ROOT_ID", rootId, StringComparison.Ordinal)).Append(body).Append("})();</script></div>");
    }
}
