namespace LlmInteractive.Scaling;

/// <summary>
/// One measurement of a scaling sweep: a model with <paramref name="Parameters"/> non-embedding (or total, as the
/// sweep states) parameters, trained on <paramref name="Tokens"/> tokens, reached <paramref name="Loss"/> (nats/token).
/// </summary>
/// <param name="FlopsPerToken">
/// Training FLOPs per token of this model when known (e.g. <c>Gpt.FlopsPerToken</c>: 6× every matmul weight including the
/// unembedding, plus attention scores); null falls back to Kaplan's 6N, which leaves the unembedding out.
/// </param>
public sealed record ScalingPoint(double Parameters, double Tokens, double Loss, double? FlopsPerToken = null)
{
    /// <summary>Training compute: FlopsPerToken·D when given, else C ≈ 6·N·D (forward 2ND + backward 4ND, Kaplan et al. 2020).</summary>
    public double Compute => (FlopsPerToken ?? 6 * Parameters) * Tokens;
}
