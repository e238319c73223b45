using LlmInteractive.Data;
using LlmInteractive.Models;
using LlmInteractive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Scaling;

/// <summary>
/// The fixed recipe of a compute-matched scaling study (notebook 05): the same data order, seed, batch, peak learning
/// rate and AdamW settings for every run, and each run's warm-up + cosine schedule ending at its own budget's step
/// count, so only size and length differ between runs. One owner of the recipe, so the runs a sweep point trains in
/// its own process and the ones 05 trains in-process are the same runs.
/// </summary>
/// <param name="MinimumSteps">Runs shorter than this are skipped: warm-up would dominate them.</param>
/// <param name="MaximumSteps">Runs longer than this are skipped: the size sits far left of the valley and would cost most of the budget.</param>
/// <param name="EvaluationBatches">Validation batches behind each final loss (at most the validation text's sequential batches).</param>
/// <param name="Seed">Initialisation and data order of a run (unless it is given its own), and the validation batches of every run.</param>
public sealed record ComputeMatchedRecipe(int BatchSize, int ContextLength, int MinimumSteps, int MaximumSteps, int EvaluationBatches, int Seed)
{
    public const double PeakLearningRate = 3e-3;
    public const double FinalLearningRate = 3e-4;

    public long TokensPerStep => (long)BatchSize * ContextLength;

    /// <summary>The GPT of a (layers, width) shape: heads of 8 dimensions each (at least one).</summary>
    public GptConfig Config(int layers, int width, int vocabulary) => new(vocabulary, ContextLength, layers, Math.Max(1, width / 8), width);

    /// <summary>N: every matmul weight, the position table excluded (a lookup); the tied token table is the unembedding, so it counts.</summary>
    public static long MatmulParameters(Gpt model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.named_parameters().Where(p => !p.name.StartsWith("wpe", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
    }

    public double FlopsPerToken(int layers, int width, long matmulParameters) => ModelSize.FlopsPerToken(matmulParameters, layers, ContextLength, width);

    /// <summary>
    /// Trains a (layers, width) GPT to <paramref name="budget"/> training FLOPs on <paramref name="train"/> and returns
    /// its final validation loss at positions ≥ <paramref name="skip"/>; null (nothing trained) when the budget's step
    /// count lies outside [MinimumSteps, MaximumSteps].
    /// </summary>
    public ComputeMatchedRun? Train(int layers, int width, double budget, IReadOnlyList<int> train, IReadOnlyList<int> validation, int vocabulary,
        int skip, Device device, int? runSeed = null)
    {
        int seed = runSeed ?? Seed;
        Seeding.SeedAll(seed);
        using var model = new Gpt(Config(layers, width, vocabulary));
        long n = MatmulParameters(model);
        double flopsPerToken = FlopsPerToken(layers, width, n);
        int steps = ComputeBudget.Steps(budget, flopsPerToken, TokensPerStep);
        if (steps < MinimumSteps || steps > MaximumSteps) return null;
        model.to(device);
        using var trainBatches = new TokenBatches(train, BatchSize, ContextLength, device, seed);
        using var validationBatches = new TokenBatches(validation, BatchSize, ContextLength, device, Seed);   // the same validation batches for every run
        var task = new TrainingTask(
            i => { var (x, y) = trainBatches.Random(i); return NextTokenLoss(model, x, y, 0); },
            TokensPerStep,
            i => { var (x, y) = validationBatches.Sequential(i); return NextTokenLoss(model, x, y, skip); });
        using var trainer = new Trainer(model, new TrainingOptions
        {
            Steps = steps, LearningRate = PeakLearningRate, MinLearningRate = FinalLearningRate, WarmupSteps = Math.Max(10, steps / 20),
            EvaluationInterval = steps, EvaluationBatches = Math.Min(validationBatches.SequentialBatchCount, EvaluationBatches),
            Seed = seed, ProgressInterval = Math.Max(1, steps / 4),
        });
        var result = trainer.Train(task);
        return new ComputeMatchedRun(layers, width, budget, n, flopsPerToken, steps, (double)steps * TokensPerStep, result.FinalValidationLoss!.Value,
                                     result.WallTime.TotalSeconds);
    }

    /// <summary>Cross-entropy of next-token predictions at positions ≥ skip (positions &lt; k cannot know their order-k Markov context).</summary>
    static Tensor NextTokenLoss(ILanguageModel model, Tensor inputs, Tensor targets, int skip)
    {
        var logits = model.Logits(inputs);                                        // (B, T, V)
        long kept = logits.shape[1] - skip;
        return nn.functional.cross_entropy(
            logits.narrow(1, skip, kept).reshape(-1, logits.shape[2]),          // (B·(T−skip), V)
            targets.narrow(1, skip, kept).reshape(-1));                          // (B·(T−skip))
    }
}
