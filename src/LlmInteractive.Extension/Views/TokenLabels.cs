using System.Net;
using System.Text;

namespace LlmInteractive.Views;

/// <summary>Token text made readable in views: whitespace and control characters become visible symbols.</summary>
public static class TokenLabels
{
    /// <summary>Spaces → ␣, newlines → ⏎, tabs → ⇥, carriage returns → ↵, other control characters → \xNN.</summary>
    public static string Visible(string token)
    {
        if (token.Length == 0) return "∅";
        var text = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            text.Append(c switch
            {
                ' ' => "␣",
                '\n' => "⏎",
                '\t' => "⇥",
                '\r' => "↵",
                _ when char.IsControl(c) => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }

    /// <summary>The visible label, HTML/XML-escaped for element content and attribute values.</summary>
    public static string Html(string token) => WebUtility.HtmlEncode(Visible(token));

    /// <summary>Escapes arbitrary text for HTML/XML.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Shortens a label to <paramref name="max"/> characters with an ellipsis, so axis labels stay aligned.</summary>
    public static string Shorten(string label, int max) =>
        label.Length <= max ? label : string.Concat(label.AsSpan(0, Math.Max(1, max - 1)), "…");
}
