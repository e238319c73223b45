namespace LlmInteractive.Training;

/// <summary>
/// Settings of one training run. Defaults follow nanoGPT's small-model recipe (AdamW β = (0.9, 0.95), weight decay 0.1,
/// clip 1.0, warm-up then cosine decay to a tenth of the peak rate).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Optimizer steps in the whole run (the cosine schedule ends here).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Peak learning rate, reached at the end of warm-up.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Rate the cosine decay ends at.</summary>
    public double MinLearningRate { get; init; } = 1e-4;

    /// <summary>Steps of linear warm-up from near zero to <see cref="LearningRate"/>.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>Decoupled (AdamW) weight decay for matrix weights; biases, norms and embeddings get none.</summary>
    public double WeightDecay { get; init; } = 0.1;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.95;

    /// <summary>Largest global gradient norm; larger gradients are scaled down. 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Micro-batches whose gradients are summed (averaged) before each optimizer step.</summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Evaluate on validation data every this many steps (and after the last step); 0 never.</summary>
    public int EvaluationInterval { get; init; } = 100;

    /// <summary>Validation batches averaged per evaluation.</summary>
    public int EvaluationBatches { get; init; } = 10;

    /// <summary>Seed for torch and the lab's random sources at the start of training; null keeps the current state.</summary>
    public int? Seed { get; init; } = 1337;

    /// <summary>File the trainer saves checkpoints to; null saves none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Save a checkpoint every this many steps (and after the last step) when <see cref="CheckpointPath"/> is set.</summary>
    public int CheckpointInterval { get; init; } = 500;

    /// <summary>Report progress (and read the loss back from the device) every this many steps.</summary>
    public int ProgressInterval { get; init; } = 10;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field out of range and what it should be.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"Invalid TrainingOptions: {message}");
        }

        Require(Steps > 0, $"Steps is {Steps}; it must be at least 1.");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate is {LearningRate}; use a positive finite rate such as 1e-3.");
        Require(MinLearningRate >= 0 && MinLearningRate <= LearningRate,
            $"MinLearningRate is {MinLearningRate}; it must be between 0 and LearningRate ({LearningRate}).");
        Require(WarmupSteps >= 0 && WarmupSteps <= Steps, $"WarmupSteps is {WarmupSteps}; it must be between 0 and Steps ({Steps}).");
        Require(WeightDecay >= 0, $"WeightDecay is {WeightDecay}; it must be 0 or more.");
        Require(Beta1 is >= 0 and < 1, $"Beta1 is {Beta1}; it must be in [0, 1), typically 0.9.");
        Require(Beta2 is >= 0 and < 1, $"Beta2 is {Beta2}; it must be in [0, 1), typically 0.95 or 0.999.");
        Require(GradientClip >= 0, $"GradientClip is {GradientClip}; use 0 to turn clipping off or a positive norm such as 1.0.");
        Require(AccumulationSteps >= 1, $"AccumulationSteps is {AccumulationSteps}; it must be at least 1.");
        Require(EvaluationInterval >= 0, $"EvaluationInterval is {EvaluationInterval}; use 0 to turn evaluation off.");
        Require(EvaluationBatches >= 1, $"EvaluationBatches is {EvaluationBatches}; it must be at least 1.");
        Require(CheckpointInterval >= 1, $"CheckpointInterval is {CheckpointInterval}; it must be at least 1.");
        Require(ProgressInterval >= 1, $"ProgressInterval is {ProgressInterval}; it must be at least 1.");
    }
}
