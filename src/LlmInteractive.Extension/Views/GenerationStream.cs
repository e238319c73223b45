using System.Text;

namespace LlmInteractive.Views;

/// <summary>Text being generated, shown live while tokens arrive (then replaced by the token-probability view).</summary>
public sealed record GenerationStream(string Prompt, IReadOnlyList<string> Tokens, int MaxTokens)
{
    public string ToHtml()
    {
        var id = MarkupIds.Next("llmi-gen");
        var html = new StringBuilder(1024 + Tokens.Sum(t => t.Length) * 2);
        html.Append($"<div class=\"llmi-gen\" id=\"{id}\"><style>#{id}{{font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;max-width:960px}}");
        html.Append($"#{id} .p{{color:#777}}#{id} .c{{display:inline-block;width:.6em;background:#1f77b4;animation:b{id} 1s steps(1) infinite}}");
        html.Append($"@keyframes b{id}{{50%{{opacity:0}}}}#{id} .n{{font:11px system-ui,sans-serif;color:#888;white-space:normal}}</style>");
        html.Append($"<div class=\"n\">generating… {Tokens.Count} / {MaxTokens} tokens</div>");
        html.Append($"<span class=\"p\">{TokenLabels.Escape(Prompt)}</span>{TokenLabels.Escape(string.Concat(Tokens))}<span class=\"c\">&#8203;</span></div>");
        return html.ToString();
    }

    public override string ToString() => $"{Prompt}{string.Concat(Tokens)}▌ ({Tokens.Count}/{MaxTokens} tokens)";
}
