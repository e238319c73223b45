namespace LlmInteractive.Scaling;

/// <summary>How a compute budget is best split between model size and training tokens, and the loss it buys.</summary>
public sealed record ComputeOptimalAllocation(double Compute, double Parameters, double Tokens, double PredictedLoss)
{
    /// <summary>D*/N*: Chinchilla's rule of thumb is ≈ 20 tokens per parameter at their scale.</summary>
    public double TokensPerParameter => Tokens / Parameters;
}
