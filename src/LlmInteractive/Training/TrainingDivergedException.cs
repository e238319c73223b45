namespace LlmInteractive.Training;

/// <summary>
/// The loss became NaN or infinite. Names the step and the last checkpoint saved from a finite state, which the
/// trainer never overwrites after divergence.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <param name="checkpointPath">TrainingOptions.CheckpointPath (null when unset): says why no checkpoint exists yet.</param>
    /// <param name="checkpointInterval">TrainingOptions.CheckpointInterval.</param>
    public TrainingDivergedException(int step, double loss, string? lastGoodCheckpoint, int? lastGoodCheckpointStep,
        string? checkpointPath = null, int checkpointInterval = 0)
        : base(Describe(step, loss, lastGoodCheckpoint, lastGoodCheckpointStep, checkpointPath, checkpointInterval))
    {
        Step = step;
        Loss = loss;
        LastGoodCheckpoint = lastGoodCheckpoint;
        LastGoodCheckpointStep = lastGoodCheckpointStep;
    }

    /// <summary>0-based step whose loss was not finite.</summary>
    public int Step { get; }

    public double Loss { get; }

    /// <summary>Path of the last checkpoint saved before divergence, or null when none was saved.</summary>
    public string? LastGoodCheckpoint { get; }

    /// <summary>Steps completed when <see cref="LastGoodCheckpoint"/> was written.</summary>
    public int? LastGoodCheckpointStep { get; }

    static string Describe(int step, double loss, string? checkpoint, int? checkpointStep, string? checkpointPath, int checkpointInterval)
    {
        var where = (checkpoint, checkpointPath) switch
        {
            ({ } good, _) => $"The last good checkpoint is '{good}' (after {checkpointStep} steps); it was not overwritten.",
            (null, { } planned) =>
                $"No checkpoint was saved before it: CheckpointPath '{Path.GetFullPath(planned)}' is written every {checkpointInterval} steps, " +
                "and the loss diverged before the first (lower TrainingOptions.CheckpointInterval to keep one sooner).",
            _ => "No checkpoint was saved before it (set TrainingOptions.CheckpointPath to keep one).",
        };
        return $"Training diverged at step {step}: the loss became {loss}. {where} " +
               "Lower LearningRate, lengthen WarmupSteps or set GradientClip, then resume from the checkpoint.";
    }
}
