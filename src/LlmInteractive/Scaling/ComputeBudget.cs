namespace LlmInteractive.Scaling;

/// <summary>
/// Compute-matched training: a model trained to budget C sees D = C / (FLOPs per token) tokens, so its optimizer
/// steps — and with them the end of its learning-rate schedule — follow from C, not from a fixed step count. A
/// cosine schedule that ends early or late biases the loss (Hoffmann et al. 2022, §3.1 and their Figure A1).
/// </summary>
public static class ComputeBudget
{
    /// <summary>Steps whose tokens come closest to <paramref name="compute"/> FLOPs, at least one.</summary>
    public static int Steps(double compute, double flopsPerToken, long tokensPerStep)
    {
        if (!(compute > 0) || !double.IsFinite(compute))
            throw new ArgumentOutOfRangeException(nameof(compute), compute, "The compute budget must be a positive number of FLOPs.");
        if (!(flopsPerToken > 0) || !double.IsFinite(flopsPerToken))
            throw new ArgumentOutOfRangeException(nameof(flopsPerToken), flopsPerToken, "FLOPs per token must be positive (e.g. Gpt.FlopsPerToken).");
        if (tokensPerStep <= 0)
            throw new ArgumentOutOfRangeException(nameof(tokensPerStep), tokensPerStep, "Tokens per step (batch × context) must be positive.");
        double steps = Math.Round(compute / (flopsPerToken * tokensPerStep));
        if (steps > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(compute), compute, $"{steps:G3} steps do not fit in an int: lower the budget or raise the batch.");
        return Math.Max(1, (int)steps);
    }
}
