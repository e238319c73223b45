namespace LlmInteractive.Scaling;

/// <summary>
/// One measurement of a scaling sweep: a model with <paramref name="Parameters"/> non-embedding (or total, as the
/// sweep states) parameters, trained on <paramref name="Tokens"/> tokens, reached <paramref name="Loss"/> (nats/token).
/// </summary>
public sealed record ScalingPoint(double Parameters, double Tokens, double Loss)
{
    /// <summary>Training compute C ≈ 6·N·D FLOPs (forward 2ND + backward 4ND, Kaplan et al. 2020).</summary>
    public double Compute => 6 * Parameters * Tokens;
}
