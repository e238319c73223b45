using System.Text;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>text/plain neuron view: for the chosen query, each key's q·k, scaled score, softmax and model weight.</summary>
public static class NeuronViewText
{
    public static string Render(NeuronView view)
    {
        view.Validated();
        var v = view.Vectors;
        var scores = v.ScaledScores(view.Layer, view.Head, view.Query);
        var softmax = v.Softmax(view.Layer, view.Head, view.Query);
        var model = v.Attention.Weights[view.Layer][view.Head][view.Query];
        var labels = v.Tokens.Select(t => TokenLabels.Shorten(TokenLabels.Visible(t), 14)).ToArray();
        var text = new StringBuilder();
        text.AppendLine($"Neuron view: layer {view.Layer}, head {view.Head}, query {view.Query} {labels[view.Query]}; score = q·k × 1/√{v.HeadSize} = q·k × {F(v.Scale, 4)}");
        text.AppendLine($"  {"key",-16}{"q·k",9}{"score",9}{"softmax",9}{"model",9}");
        for (var k = 0; k < labels.Length; k++)
            text.AppendLine(v.Visible(view.Query, k)
                ? $"  {labels[k],-16}{F(scores[k] / v.Scale, 3),9}{F(scores[k], 3),9}{F(softmax[k], 4),9}{F(model[k], 4),9}"
                : $"  {labels[k],-16}{"masked",9}");
        return text.ToString();
    }
}
