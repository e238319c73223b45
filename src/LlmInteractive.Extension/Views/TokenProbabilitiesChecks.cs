using LlmInteractive.Evaluation;

namespace LlmInteractive.Views;

/// <summary>Rejects probabilities a view could only show wrongly.</summary>
public static class TokenProbabilitiesChecks
{
    public static void Validate(TokenProbabilities probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        foreach (var token in probabilities.Tokens)
        {
            if (!(token.Probability > 0 && token.Probability <= 1))
                throw new ArgumentException(
                    $"Token '{token.Text}' has probability {token.Probability}; scored tokens need 0 < p ≤ 1 (take the softmax of the logits, not the logits).",
                    nameof(probabilities));
            foreach (var alt in token.Alternatives)
                if (!(alt.Probability >= 0 && alt.Probability <= 1))
                    throw new ArgumentException(
                        $"Alternative '{alt.Text}' of token '{token.Text}' has probability {alt.Probability}; it must be in [0, 1].",
                        nameof(probabilities));
        }
    }
}
