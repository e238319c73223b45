namespace LlmInteractive.Training;

/// <summary>
/// The loss became NaN or infinite. Names the step and the last checkpoint saved from a finite state, which the
/// trainer never overwrites after divergence.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int step, double loss, string? lastGoodCheckpoint, int? lastGoodCheckpointStep)
        : base(Describe(step, loss, lastGoodCheckpoint, lastGoodCheckpointStep))
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

    static string Describe(int step, double loss, string? checkpoint, int? checkpointStep)
    {
        var where = checkpoint is null
            ? "No checkpoint was saved before it (set TrainingOptions.CheckpointPath to keep one)."
            : $"The last good checkpoint is '{checkpoint}' (after {checkpointStep} steps); it was not overwritten.";
        return $"Training diverged at step {step}: the loss became {loss}. {where} " +
               "Lower LearningRate, lengthen WarmupSteps or set GradientClip, then resume from the checkpoint.";
    }
}
