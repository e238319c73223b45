using System.Text;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>text/plain attention: a summary line, and for one head of a short sequence the weight matrix itself.</summary>
public static class AttentionText
{
    const int MatrixTokens = 12;

    public static string Render(AttentionView view)
    {
        view.Validated();
        var maps = view.Maps;
        var text = new StringBuilder();
        text.Append($"Attention: {view.ShownLayers.Count} layer(s) × {view.ShownHeads.Count} head(s) over {maps.Tokens.Count} tokens");
        text.Append(maps.Causal ? " (causal; · = masked future)" : "").AppendLine();
        text.AppendLine("tokens: " + string.Join(" ", maps.Tokens.Take(64).Select(TokenLabels.Visible)) + (maps.Tokens.Count > 64 ? " …" : ""));
        if (!view.IsSingleHead || maps.Tokens.Count > MatrixTokens) return text.ToString();
        var weights = maps.Weights[view.ShownLayers[0]][view.ShownHeads[0]];
        var labels = maps.Tokens.Select(t => TokenLabels.Shorten(TokenLabels.Visible(t), 8)).ToArray();
        var width = Math.Max(6, labels.Max(l => l.Length));
        text.Append(new string(' ', width + 1)).AppendLine(string.Join(" ", labels.Select(l => l.PadLeft(6))));
        for (var q = 0; q < weights.Length; q++)
        {
            text.Append(labels[q].PadLeft(width)).Append(' ');
            text.AppendLine(string.Join(" ", weights[q].Select((w, k) => (maps.Causal && k > q ? "·" : F(w, 3)).PadLeft(6))));
        }
        return text.ToString();
    }
}
