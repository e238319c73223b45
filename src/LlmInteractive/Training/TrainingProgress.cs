namespace LlmInteractive.Training;

/// <summary>One progress event of a training run, for live display and logs.</summary>
/// <param name="ValidationLoss">Set on the steps where evaluation ran, else null.</param>
public sealed record TrainingProgress(
    int Step, int TotalSteps, double Loss, double? ValidationLoss, double LearningRate,
    double TokensPerSecond, TimeSpan Elapsed, TimeSpan Eta);
