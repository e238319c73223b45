namespace LlmInteractive.Generation;

/// <summary>How <see cref="TextGenerator"/> picks each next token.</summary>
/// <param name="MaxTokens">Tokens to generate after the prompt.</param>
/// <param name="Temperature">Divides the logits: below 1 sharpens, above 1 flattens; 0 means greedy (always the most likely token).</param>
/// <param name="TopK">Sample only among the K most likely tokens (null: no limit).</param>
/// <param name="TopP">Nucleus sampling: only the smallest set of most likely tokens whose probabilities add up to P (null: no limit).</param>
/// <param name="Seed">Same seed, model and prompt → same text. Null draws a fresh seed each call.</param>
/// <param name="Alternatives">How many of the most likely tokens to report with each chosen token.</param>
public sealed record GenerationOptions(
    int MaxTokens = 50,
    double Temperature = 1.0,
    int? TopK = null,
    double? TopP = null,
    int? Seed = null,
    int Alternatives = 5)
{
    /// <summary>Throws with the offending option and its valid range.</summary>
    public void Validate()
    {
        if (MaxTokens < 0) throw new ArgumentException($"MaxTokens must be 0 or more (got {MaxTokens}).");
        if (double.IsNaN(Temperature) || Temperature < 0)
            throw new ArgumentException($"Temperature must be 0 (greedy) or positive (got {Temperature}).");
        if (TopK is <= 0) throw new ArgumentException($"TopK must be positive, or null for no limit (got {TopK}).");
        if (TopP is not null && !(TopP > 0 && TopP <= 1))
            throw new ArgumentException($"TopP must be in (0, 1], or null for no limit (got {TopP}).");
        if (Alternatives < 0) throw new ArgumentException($"Alternatives must be 0 or more (got {Alternatives}).");
    }
}
