using System.Text;
using LlmInteractive.Tokenizers;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>One text cut into tokens by several tokenizers, side by side: token boundaries, texts and ids.</summary>
public sealed class TokenizationView
{
    public TokenizationView(string text, params ITokenizer[] tokenizers)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (tokenizers.Length == 0)
            throw new ArgumentException("Give at least one tokenizer to compare, e.g. new TokenizationView(text, charTokenizer, bpe).", nameof(tokenizers));
        Text = text;
        Rows = tokenizers.Select(t =>
        {
            var ids = t.Encode(text);
            return new TokenizationRow(t.Name, t.VocabSize, ids.Select(id => (id, t.TokenText(id))).ToArray());
        }).ToArray();
    }

    public string Text { get; }

    public IReadOnlyList<TokenizationRow> Rows { get; }

    /// <summary>Largest number of tokens drawn per tokenizer; the rest are counted, not drawn.</summary>
    public const int MaxTokensShown = 2000;

    public string ToHtml()
    {
        var id = MarkupIds.Next("llmi-tok");
        var html = new StringBuilder(2048 + Rows.Sum(r => r.Tokens.Count) * 120);
        html.Append($"<div class=\"llmi-tok\" id=\"{id}\"><style>");
        html.Append($"#{id}{{font:13px system-ui,sans-serif;color:#222}}#{id} table{{border-collapse:collapse}}");
        html.Append($"#{id} th{{text-align:left;vertical-align:top;padding:6px 10px 6px 0;white-space:nowrap}}#{id} th small{{display:block;font-weight:normal;color:#666}}");
        html.Append($"#{id} td{{padding:4px 0;border-top:1px solid #eee}}");
        html.Append($"#{id} .k{{display:inline-flex;flex-direction:column;align-items:center;margin:0 2px 4px 0;padding:1px 4px;border-radius:4px;font:13px ui-monospace,Menlo,monospace;white-space:pre}}");
        html.Append($"#{id} .k i{{font:10px ui-monospace,monospace;font-style:normal;color:#555}}");
        html.Append($"#{id} .a{{background:#dbe9f8}}#{id} .b{{background:#fbe3c4}}#{id} .c{{background:#d9f0d3}}");
        html.Append("</style><table>");
        foreach (var row in Rows)
        {
            html.Append($"<tr><th>{TokenLabels.Escape(row.Tokenizer)}<small>{row.Tokens.Count} tokens · vocab {row.VocabularySize:N0}</small>");
            html.Append($"<small>{F(Text.Length / (double)Math.Max(1, row.Tokens.Count), 2)} chars/token</small></th><td>");
            for (var i = 0; i < Math.Min(row.Tokens.Count, MaxTokensShown); i++)
            {
                var (tokenId, text) = row.Tokens[i];
                html.Append($"<span class=\"k {"abc"[i % 3]}\" title=\"token {i}: id {tokenId}\">{TokenLabels.Html(text)}<i>{tokenId}</i></span>");
            }
            if (row.Tokens.Count > MaxTokensShown) html.Append($"<span>… {row.Tokens.Count - MaxTokensShown} more</span>");
            html.Append("</td></tr>");
        }
        return html.Append("</table></div>").ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        var width = Rows.Max(r => r.Tokenizer.Length);
        foreach (var row in Rows)
        {
            text.Append($"{row.Tokenizer.PadRight(width)} ({row.Tokens.Count} tokens): ");
            text.AppendLine(string.Join(" ", row.Tokens.Take(200).Select(t => $"{TokenLabels.Visible(t.Text)}|{t.Id}")) + (row.Tokens.Count > 200 ? " …" : ""));
        }
        return text.ToString();
    }
}

/// <summary>One tokenizer's cut of the text.</summary>
public sealed record TokenizationRow(string Tokenizer, int VocabularySize, IReadOnlyList<(int Id, string Text)> Tokens);
