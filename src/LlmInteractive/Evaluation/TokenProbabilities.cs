namespace LlmInteractive.Evaluation;

/// <summary>One of the most likely tokens at a position, with its probability.</summary>
public sealed record TokenAlternative(int Id, string Text, double Probability);

/// <summary>
/// A token with the probability the model gave it given all tokens before it, and the top alternatives.
/// <paramref name="Rank"/> is its place among all tokens by probability (1 = the most likely, as GLTR colours by);
/// 0 when it was not computed.
/// </summary>
public sealed record ScoredToken(int Id, string Text, double Probability, IReadOnlyList<TokenAlternative> Alternatives, int Rank = 0);

/// <summary>
/// A text as the model saw it: <see cref="Context"/> tokens that were given (a prompt, or the first token of a
/// teacher-forced text, which has nothing to condition on) and <see cref="Tokens"/> that were scored or generated.
/// </summary>
public sealed record TokenProbabilities(IReadOnlyList<string> Context, IReadOnlyList<ScoredToken> Tokens, bool Generated)
{
    /// <summary>Σ ln p over the scored tokens (natural log).</summary>
    public double LogProbability => Tokens.Sum(t => Math.Log(t.Probability));

    /// <summary>Mean negative log-probability per scored token, in nats (the cross-entropy).</summary>
    public double CrossEntropy => Tokens.Count == 0 ? 0 : -LogProbability / Tokens.Count;

    public double Perplexity => Math.Exp(CrossEntropy);

    public double BitsPerToken => CrossEntropy / Math.Log(2);
}
