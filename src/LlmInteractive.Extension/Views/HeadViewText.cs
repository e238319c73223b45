using System.Text;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>text/plain head view: per head of the layer, the key that gets the most weight on average.</summary>
public static class HeadViewText
{
    public static string Render(HeadView view)
    {
        view.Validated();
        var maps = view.Maps;
        var tokens = maps.Tokens.Count;
        var text = new StringBuilder();
        var segments = view.Segments;
        text.Append($"Head view: layer {view.Layer} of {maps.Layers}, {maps.Heads} heads, {tokens} tokens");
        text.AppendLine(view.IsPair ? $" (pair: A {segments.Count(s => s == 0)} tokens, B {segments.Count(s => s == 1)} tokens)" : "");
        for (var h = 0; h < maps.Heads; h++)
        {
            var rows = maps.Weights[view.Layer][h];
            var mean = Enumerable.Range(0, tokens).Select(k => rows.Average(row => (double)row[k])).ToArray();
            var top = Array.IndexOf(mean, mean.Max());
            text.AppendLine($"  head {h,2}: most attended key {top} {TokenLabels.Visible(maps.Tokens[top])} (mean weight {F(mean[top], 3)})");
        }
        return text.ToString();
    }
}
