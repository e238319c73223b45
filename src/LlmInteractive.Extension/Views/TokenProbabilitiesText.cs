using System.Text;
using LlmInteractive.Evaluation;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>
/// text/plain token probabilities: totals, then one line per scored token with its probability, its surprisal −log₂ p in
/// bits (what the HTML view colours by), its rank and its best alternatives.
/// </summary>
public static class TokenProbabilitiesText
{
    const int MaxLines = 200;

    public static string Render(TokenProbabilities probabilities)
    {
        TokenProbabilitiesChecks.Validate(probabilities);
        var text = new StringBuilder();
        text.AppendLine($"{(probabilities.Generated ? "Generated" : "Scored")} {probabilities.Tokens.Count} tokens: log p = {F(probabilities.LogProbability, 3)} nats, " +
                        $"perplexity {F(probabilities.Perplexity, 3)}, {F(probabilities.BitsPerToken, 3)} bits/token");
        if (probabilities.Context.Count > 0)
            text.AppendLine("context: " + string.Concat(probabilities.Context.Select(TokenLabels.Visible)));
        foreach (var token in probabilities.Tokens.Take(MaxLines))
        {
            var alternatives = string.Join(", ", token.Alternatives.Take(5).Select(a => $"{TokenLabels.Visible(a.Text)} {F(a.Probability, 3)}"));
            var bits = TokenProbabilitiesHtml.Surprisal(token.Probability);
            var rank = TokenProbabilitiesHtml.Rank(token);
            var rankText = rank > 0 ? $"rank {rank}" : "rank ?";
            text.AppendLine($"  {TokenLabels.Visible(token.Text),-16} p={F(token.Probability, 4),-7} {F(bits, 2) + " bits",-10} {rankText,-10} {(alternatives.Length > 0 ? "top: " + alternatives : "")}");
        }
        if (probabilities.Tokens.Count > MaxLines) text.AppendLine($"  … {probabilities.Tokens.Count - MaxLines} more");
        return text.ToString();
    }
}
