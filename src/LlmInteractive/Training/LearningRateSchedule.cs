namespace LlmInteractive.Training;

/// <summary>Linear warm-up, then cosine decay to the minimum rate at the last step (as nanoGPT's get_lr).</summary>
public static class LearningRateSchedule
{
    /// <summary>Learning rate for the 0-based optimizer <paramref name="step"/>.</summary>
    public static double At(int step, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be 0 or more.");

        // Warm-up starts above zero so the very first step already moves the weights.
        if (step < options.WarmupSteps)
            return options.LearningRate * (step + 1) / (options.WarmupSteps + 1);

        var decaySteps = options.Steps - options.WarmupSteps;
        if (decaySteps <= 0 || step >= options.Steps) return options.MinLearningRate;

        var progress = (double)(step - options.WarmupSteps) / decaySteps;
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return options.MinLearningRate + cosine * (options.LearningRate - options.MinLearningRate);
    }
}
