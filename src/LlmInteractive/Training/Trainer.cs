using System.Diagnostics;
using LlmInteractive.Checkpoints;
using LlmInteractive.Runtime;
using LlmInteractive.Tokenizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Training;

/// <summary>
/// Trains a module on any <see cref="ITrainingTask"/> with AdamW, warm-up + cosine learning rate, global-norm clipping,
/// gradient accumulation, periodic evaluation and checkpoints. Steps continue across <see cref="Train"/> calls and
/// resumes (<see cref="CompletedSteps"/>), so a run can be stopped and picked up again.
/// </summary>
public sealed class Trainer : IDisposable
{
    readonly nn.Module module;
    readonly IReadOnlyList<Parameter> trainable;
    readonly object? config;
    readonly ITokenizer? tokenizer;

    /// <param name="module">The model's module (<c>ILanguageModel.Module</c>, or any module for fine-tuning heads).</param>
    /// <param name="config">Model configuration record written into checkpoints (and checked when resuming).</param>
    /// <param name="tokenizer">Tokenizer written into checkpoints.</param>
    public Trainer(nn.Module module, TrainingOptions options, object? config = null, ITokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Runtime.TorchRuntime.EnsureLoaded();

        this.module = module;
        this.config = config;
        this.tokenizer = tokenizer;
        Options = options;

        var (decay, noDecay) = ParameterGroups.Split(module);
        trainable = [.. decay, .. noDecay];
        var groups = new List<AdamW.ParamGroup>();
        if (decay.Count > 0) groups.Add(Group(decay, options.WeightDecay));
        if (noDecay.Count > 0) groups.Add(Group(noDecay, 0));
        Optimizer = optim.AdamW(groups, options.LearningRate, options.Beta1, options.Beta2, weight_decay: options.WeightDecay);
    }

    public TrainingOptions Options { get; }

    public AdamW Optimizer { get; }

    /// <summary>Optimizer steps taken so far (restored by <see cref="Resume"/>); the schedule continues from here.</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>The last checkpoint saved from a finite state, or null.</summary>
    public string? LastGoodCheckpoint { get; private set; }

    int? lastGoodCheckpointStep;

    /// <summary>
    /// Runs steps <see cref="CompletedSteps"/> .. Options.Steps − 1. Cancellation (the token, else the one a host connected to
    /// <see cref="AmbientCancellation"/>, e.g. a kernel's interrupt of the running cell) is checked before every micro-batch and throws <see cref="OperationCanceledException"/>; the model keeps
    /// the updates made so far. A NaN or infinite loss throws <see cref="TrainingDivergedException"/>.
    /// Progress is reported every ProgressInterval steps on the training thread; its Loss is the mean training loss of the
    /// steps since the previous report, TokensPerSecond excludes evaluation and checkpoint time.
    /// </summary>
    public TrainingResult Train(ITrainingTask task, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var token = AmbientCancellation.Or(cancellationToken);
        var options = Options;
        var firstStep = CompletedSteps;
        if (firstStep >= options.Steps)
            throw new InvalidOperationException(
                $"All {options.Steps} steps are done; create a trainer with more TrainingOptions.Steps to train further.");

        // A resumed run gets its own deterministic seed (not HashCode, which differs per process), so dropout does not
        // replay the first steps' pattern.
        if (options.Seed is { } seed) Seeding.SeedAll(firstStep == 0 ? seed : unchecked(seed * 1_000_003 + firstStep));

        var curve = new List<LossPoint>();
        var validation = new List<LossPoint>();
        var wall = Stopwatch.StartNew();
        var training = new Stopwatch();
        long tokens = 0;
        Tensor? lossLog = null;   // per-step losses stay on the device until a report reads them in one go
        var unread = firstStep;   // first step whose loss has not been read back
        module.train();

        try
        {
            for (var step = firstStep; step < options.Steps; step++)
            {
                token.ThrowIfCancellationRequested();
                training.Start();
                using (var scope = NewDisposeScope())
                {
                    var loss = Step(task, step, token);
                    lossLog ??= zeros(options.Steps - firstStep, dtype: float32, device: loss.device).DetachFromDisposeScope();
                    lossLog[step - firstStep].copy_(loss);
                }
                training.Stop();
                tokens += task.TokensPerMicroBatch * options.AccumulationSteps;
                CompletedSteps = step + 1;

                var last = CompletedSteps == options.Steps;
                var evaluate = task.HasValidation && options.EvaluationInterval > 0
                               && (CompletedSteps % options.EvaluationInterval == 0 || last);
                var checkpoint = options.CheckpointPath is not null && (CompletedSteps % options.CheckpointInterval == 0 || last);
                var report = CompletedSteps % options.ProgressInterval == 0 || last;
                if (!(evaluate || checkpoint || report)) continue;

                // Reading the losses back is the only host sync; it also catches divergence before anything is saved.
                var fresh = ReadLosses(lossLog!, unread - firstStep, CompletedSteps - firstStep, firstStep);
                curve.AddRange(fresh);
                unread = CompletedSteps;

                double? validationLoss = null;
                if (evaluate)
                {
                    validationLoss = Evaluate(task, options.EvaluationBatches, token);
                    if (!double.IsFinite(validationLoss.Value))
                        throw Diverged(step, validationLoss.Value);
                    validation.Add(new LossPoint(CompletedSteps, validationLoss.Value));
                }

                if (checkpoint) SaveGoodCheckpoint(options.CheckpointPath!, step);

                if (report && progress is not null)
                {
                    var perSecond = training.Elapsed.TotalSeconds > 0 ? tokens / training.Elapsed.TotalSeconds : 0;
                    var done = CompletedSteps - firstStep;
                    var eta = TimeSpan.FromSeconds(wall.Elapsed.TotalSeconds / done * (options.Steps - CompletedSteps));
                    progress.Report(new TrainingProgress(
                        CompletedSteps, options.Steps, fresh.Average(p => p.Loss), validationLoss,
                        LearningRateSchedule.At(step, options), perSecond, wall.Elapsed, eta));
                }
            }
        }
        finally
        {
            lossLog?.Dispose();
        }

        return new TrainingResult(
            curve, validation, tokens,
            training.Elapsed.TotalSeconds > 0 ? tokens / training.Elapsed.TotalSeconds : 0,
            wall.Elapsed, firstStep, CompletedSteps);
    }

    /// <summary>Mean loss over <paramref name="batches"/> validation batches, model in eval mode, without gradients.</summary>
    public double Evaluate(ITrainingTask task, int batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!task.HasValidation)
            throw new InvalidOperationException("The training task has no validation data; pass validation batches when creating it.");
        if (batches < 1) throw new ArgumentOutOfRangeException(nameof(batches), batches, "Evaluate at least one batch.");

        var token = AmbientCancellation.Or(cancellationToken);
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            double sum = 0;
            for (var i = 0; i < batches; i++)
            {
                token.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                sum += task.ValidationLoss(i).to(float64).item<double>();
            }

            return sum / batches;
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    /// <summary>Saves weights, optimizer state, config, tokenizer and step to <paramref name="path"/> (atomically).</summary>
    public void SaveCheckpoint(string path) => Checkpoint.Save(path, module, Optimizer, config, tokenizer, CompletedSteps);

    /// <summary>
    /// Restores weights, optimizer state and the step count from a checkpoint written by a trainer of the same model,
    /// so training continues where it stopped. A checkpoint of a different config is refused, naming the fields.
    /// </summary>
    public CheckpointInfo Resume(string path)
    {
        var info = Checkpoint.Load(path, module, Optimizer, config);
        if (info.Step > Options.Steps)
            throw new InvalidOperationException(
                $"The checkpoint '{path}' is at step {info.Step}, beyond this run's {Options.Steps} steps; raise TrainingOptions.Steps.");
        CompletedSteps = info.Step;
        LastGoodCheckpoint = Path.GetFullPath(path);
        lastGoodCheckpointStep = info.Step;
        return info;
    }

    Tensor Step(ITrainingTask task, int step, CancellationToken token)
    {
        var options = Options;
        var rate = LearningRateSchedule.At(step, options);
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = rate;
        Optimizer.zero_grad();

        Tensor? total = null;
        for (var micro = 0; micro < options.AccumulationSteps; micro++)
        {
            token.ThrowIfCancellationRequested();
            var loss = task.TrainingLoss((long)step * options.AccumulationSteps + micro);
            RequireScalarWithGradient(loss);
            // Dividing each micro-batch's loss makes the summed gradients the mean over the accumulated batches.
            (options.AccumulationSteps == 1 ? loss : loss / options.AccumulationSteps).backward();
            var value = loss.detach();
            total = total is null ? value : total + value;
        }

        if (options.GradientClip > 0) nn.utils.clip_grad_norm_(trainable, options.GradientClip);
        Optimizer.step();
        return options.AccumulationSteps == 1 ? total! : total! / options.AccumulationSteps;
    }

    List<LossPoint> ReadLosses(Tensor lossLog, int from, int to, int firstStep)
    {
        double[] values;
        using (var scope = NewDisposeScope())
            values = lossLog[TensorIndex.Slice(from, to)].to(float64).cpu().data<double>().ToArray();
        var points = new List<LossPoint>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var step = firstStep + from + i;
            if (!double.IsFinite(values[i])) throw Diverged(step, values[i]);
            points.Add(new LossPoint(step + 1, values[i]));
        }

        return points;
    }

    void SaveGoodCheckpoint(string path, int step)
    {
        // A finite loss can still precede an update that broke the weights (an infinite gradient), so check them too.
        using (var scope = NewDisposeScope())
        {
            var finite = trainable.All(p => p.isfinite().all().item<bool>());
            if (!finite) throw Diverged(step, double.NaN);
        }

        SaveCheckpoint(path);
        LastGoodCheckpoint = Path.GetFullPath(path);
        lastGoodCheckpointStep = CompletedSteps;
    }

    TrainingDivergedException Diverged(int step, double loss) =>
        new(step, loss, LastGoodCheckpoint, lastGoodCheckpointStep, Options.CheckpointPath, Options.CheckpointInterval);

    static void RequireScalarWithGradient(Tensor loss)
    {
        if (loss is null)
            throw new InvalidOperationException("The training task returned no loss tensor; return a scalar loss.");
        if (loss.numel() != 1)
            throw new InvalidOperationException(
                $"The training task's loss has shape [{string.Join(", ", loss.shape)}]; reduce it to a scalar (e.g. .mean()).");
        if (!loss.requires_grad)
            throw new InvalidOperationException(
                "The training task's loss does not require a gradient: it was computed without the model's trainable " +
                "parameters (all frozen, under no_grad, or detached). Unfreeze parameters or compute the loss from the model's output.");
    }

    static AdamW.ParamGroup Group(IEnumerable<Parameter> parameters, double weightDecay) =>
        new(parameters, new AdamW.Options { weight_decay = weightDecay });

    public void Dispose() => Optimizer.Dispose();
}
