namespace LlmInteractive.Scaling;

/// <summary>
/// One compute-matched run (<see cref="ComputeMatchedRecipe.Train"/>): a (layers, width) model with
/// <paramref name="Parameters"/> matmul weights trained to <paramref name="Budget"/> FLOPs in <paramref name="Steps"/>
/// steps (<paramref name="Tokens"/> tokens) reached the final validation <paramref name="Loss"/> (nats/token).
/// </summary>
public sealed record ComputeMatchedRun(int Layers, int Width, double Budget, long Parameters, double FlopsPerToken, int Steps, double Tokens,
    double Loss, double Seconds)
{
    public string Shape => $"{Layers}×{Width}";

    public ScalingPoint Point => new(Parameters, Tokens, Loss, FlopsPerToken);
}
