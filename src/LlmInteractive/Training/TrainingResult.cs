namespace LlmInteractive.Training;

/// <summary>
/// One point of a loss curve. <see cref="Step"/> counts optimizer steps completed: the training loss of the batch that
/// drove update number <c>Step</c>, or the validation loss measured after <c>Step</c> updates.
/// </summary>
public sealed record LossPoint(int Step, double Loss)
{
    /// <summary>e^loss: the effective number of equally likely choices per token.</summary>
    public double Perplexity => Math.Exp(Loss);
}

/// <summary>What a training run produced: curves, throughput and time.</summary>
/// <param name="TrainingLoss">Training loss of every step run (micro-batches averaged).</param>
/// <param name="ValidationLoss">Mean validation loss at each evaluation.</param>
/// <param name="Tokens">Tokens processed in this run (all micro-batches).</param>
/// <param name="TokensPerSecond">Tokens per second of wall time, evaluation and checkpointing excluded.</param>
public sealed record TrainingResult(
    IReadOnlyList<LossPoint> TrainingLoss,
    IReadOnlyList<LossPoint> ValidationLoss,
    long Tokens,
    double TokensPerSecond,
    TimeSpan WallTime,
    int FirstStep,
    int LastStep)
{
    public double? FinalLoss => TrainingLoss.Count == 0 ? null : TrainingLoss[^1].Loss;

    public double? FinalValidationLoss => ValidationLoss.Count == 0 ? null : ValidationLoss[^1].Loss;

    public double? FinalValidationPerplexity => FinalValidationLoss is { } loss ? Math.Exp(loss) : null;
}
