using System.Diagnostics;
using LlmInteractive.Checkpoints;
using LlmInteractive.Data;
using LlmInteractive.Tests.Runtime;
using LlmInteractive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Training;

[Collection(SerialTorchState.Name)]
public sealed class TrainerTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("llmi-trainer-").FullName;

    static TrainingOptions Quick(int steps) => new()
    {
        Steps = steps, LearningRate = 1e-2, MinLearningRate = 1e-3, WarmupSteps = 5,
        EvaluationInterval = 10, EvaluationBatches = 2, ProgressInterval = 5, Seed = 1,
    };

    sealed class Setup : IDisposable
    {
        public Setup(int seed, int steps, Func<TrainingOptions, TrainingOptions>? adjust = null, int? dataSeed = null)
        {
            Seeding.SeedAll(seed);
            Model = new BigramLanguageModel(new BigramConfig(TestText.Vocabulary, 16));
            var tokens = TestText.Tokens();
            Training = new TokenBatches(tokens[..3000], batchSize: 8, contextLength: 16, seed: dataSeed ?? seed);
            Validation = new TokenBatches(tokens[3000..], batchSize: 8, contextLength: 16);
            Options = (adjust ?? (o => o))(Quick(steps));
            Trainer = new Trainer(Model, Options, Model.Config);
            Task = TrainingTask.NextToken(Model, Training, Validation);
        }

        public BigramLanguageModel Model { get; }
        public TokenBatches Training { get; }
        public TokenBatches Validation { get; }
        public TrainingOptions Options { get; }
        public Trainer Trainer { get; }
        public TrainingTask Task { get; }

        public void Dispose()
        {
            Trainer.Dispose();
            Model.Dispose();
            Training.Dispose();
            Validation.Dispose();
        }
    }

    [Fact]
    public void Training_lowers_the_loss_and_records_both_curves()
    {
        using var setup = new Setup(seed: 3, steps: 60);
        var events = new List<TrainingProgress>();

        var result = setup.Trainer.Train(setup.Task, new SynchronousProgress<TrainingProgress>(events.Add));

        Assert.Equal(60, result.TrainingLoss.Count);
        Assert.Equal(Enumerable.Range(1, 60), result.TrainingLoss.Select(p => p.Step));
        Assert.Equal([10, 20, 30, 40, 50, 60], result.ValidationLoss.Select(p => p.Step));
        // Uniform guessing over the alphabet costs ln V nats; a bigram model of a repeated sentence does far better.
        Assert.True(result.TrainingLoss[0].Loss > 0.9 * Math.Log(TestText.Vocabulary), $"first loss {result.TrainingLoss[0].Loss}");
        Assert.True(result.FinalValidationLoss < 0.6 * result.TrainingLoss[0].Loss, $"final validation loss {result.FinalValidationLoss}");
        Assert.Equal(Math.Exp(result.FinalValidationLoss!.Value), result.FinalValidationPerplexity!.Value, 9);
        Assert.Equal(60L * 8 * 16, result.Tokens);
        Assert.True(result.TokensPerSecond > 0);

        Assert.Equal(12, events.Count);
        Assert.All(events, e => Assert.Equal(60, e.TotalSteps));
        Assert.Equal(60, events[^1].Step);
        Assert.Equal(TimeSpan.Zero, events[^1].Eta);
        Assert.NotNull(events.Single(e => e.Step == 20).ValidationLoss);
        Assert.Null(events.Single(e => e.Step == 15).ValidationLoss);
        Assert.Equal(LearningRateSchedule.At(14, setup.Options), events.Single(e => e.Step == 15).LearningRate, 12);
    }

    [Fact]
    public void The_same_seed_gives_an_identical_loss_curve_and_another_seed_a_different_one()
    {
        double[] Curve(int seed)
        {
            using var setup = new Setup(seed, steps: 25);
            return setup.Trainer.Train(setup.Task).TrainingLoss.Select(p => p.Loss).ToArray();
        }

        var first = Curve(11);
        Assert.Equal(first, Curve(11));
        Assert.NotEqual(first, Curve(12));
    }

    [Fact]
    public void Memory_and_live_tensor_count_stay_flat_over_300_steps()
    {
        using var setup = new Setup(seed: 5, steps: 350, o => o with { ProgressInterval = 50, EvaluationInterval = 50 });
        var live = new Dictionary<int, long>();
        var resident = new Dictionary<int, long>();
        var process = Process.GetCurrentProcess();
        var progress = new SynchronousProgress<TrainingProgress>(e =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            live[e.Step] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            resident[e.Step] = process.WorkingSet64;
        });

        setup.Trainer.Train(setup.Task, progress);

        // Everything a step creates is freed by its dispose scope: not one more live tensor after 300 further steps.
        Assert.Equal(live[50], live[350]);
        var growth = (resident[350] - resident[50]) / (1024.0 * 1024.0);
        Assert.True(growth < 40, $"resident memory grew by {growth:F1} MiB over 300 steps");
    }

    [Fact]
    public void Cancellation_stops_training_within_a_step()
    {
        using var setup = new Setup(seed: 2, steps: 100);
        using var cancellation = new CancellationTokenSource();
        var inner = setup.Task;
        var task = new TrainingTask(index =>
        {
            if (index == 7) cancellation.Cancel();
            return inner.TrainingLoss(index);
        }, inner.TokensPerMicroBatch);

        Assert.ThrowsAny<OperationCanceledException>(() => setup.Trainer.Train(task, cancellationToken: cancellation.Token));
        Assert.Equal(8, setup.Trainer.CompletedSteps);   // the step under way finishes; the next one never starts
    }

    [Fact]
    public void Cancelling_the_hosts_running_work_stops_training_called_without_a_token()
    {
        using var setup = new Setup(seed: 2, steps: 100, o => o with { AccumulationSteps = 4 });
        using var interrupt = new CancellationTokenSource();
        var inner = setup.Task;
        var task = new TrainingTask(index =>
        {
            if (index == 9) interrupt.Cancel();   // step 2, second micro-batch
            return inner.TrainingLoss(index);
        }, inner.TokensPerMicroBatch);

        using (HostStandIn.Running(interrupt.Token))
            Assert.ThrowsAny<OperationCanceledException>(() => setup.Trainer.Train(task));
        Assert.Equal(2, setup.Trainer.CompletedSteps);   // stopped between micro-batches, before step 2's update
    }

    [Fact]
    public void Divergence_names_the_step_and_keeps_the_last_good_checkpoint()
    {
        var path = Path.Combine(directory, "run.ckpt");
        using var setup = new Setup(seed: 4, steps: 50,
            o => o with { CheckpointPath = path, CheckpointInterval = 10, ProgressInterval = 10, EvaluationInterval = 0 });
        var inner = setup.Task;
        var task = new TrainingTask(
            index => index >= 25 ? inner.TrainingLoss(index) * double.NaN : inner.TrainingLoss(index), inner.TokensPerMicroBatch);

        var error = Assert.Throws<TrainingDivergedException>(() => setup.Trainer.Train(task));

        Assert.Equal(25, error.Step);
        Assert.Equal(Path.GetFullPath(path), error.LastGoodCheckpoint);
        Assert.Equal(20, error.LastGoodCheckpointStep);
        Assert.Contains("step 25", error.Message);
        Assert.Contains(path, error.Message);

        var info = Checkpoint.ReadInfo(path);
        Assert.Equal(20, info.Step);
        using var restored = new BigramLanguageModel(setup.Model.Config);
        Checkpoint.Load(path, restored, expectedConfig: restored.Config);
        Assert.All(restored.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
        Assert.Single(Directory.GetFiles(directory));   // no temporary files left behind
    }

    [Fact]
    public void Divergence_before_the_first_checkpoint_says_when_the_set_checkpoint_path_would_have_been_written()
    {
        var path = Path.Combine(directory, "early.ckpt");
        using var setup = new Setup(seed: 4, steps: 50,
            o => o with { CheckpointPath = path, CheckpointInterval = 10, ProgressInterval = 10, EvaluationInterval = 0 });
        var inner = setup.Task;
        var task = new TrainingTask(
            index => index >= 3 ? inner.TrainingLoss(index) * double.NaN : inner.TrainingLoss(index), inner.TokensPerMicroBatch);

        var error = Assert.Throws<TrainingDivergedException>(() => setup.Trainer.Train(task));

        Assert.Null(error.LastGoodCheckpoint);
        Assert.DoesNotContain("set TrainingOptions.CheckpointPath", error.Message);
        Assert.Contains($"CheckpointPath '{Path.GetFullPath(path)}' is written every 10 steps", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_exactly_as_the_uninterrupted_run()
    {
        var path = Path.Combine(directory, "half.ckpt");
        Trainer? running = null;
        using var uninterrupted = new Setup(seed: 6, steps: 40);
        running = uninterrupted.Trainer;
        var save = new SynchronousProgress<TrainingProgress>(e =>
        {
            if (e.Step == 20) running.SaveCheckpoint(path);
        });
        var full = uninterrupted.Trainer.Train(uninterrupted.Task, save).TrainingLoss;

        using var resumed = new Setup(seed: 99, steps: 40, dataSeed: 6);   // other initial weights: everything must come from the file
        var info = resumed.Trainer.Resume(path);
        var second = resumed.Trainer.Train(resumed.Task).TrainingLoss;

        Assert.Equal(20, info.Step);
        Assert.True(info.HasOptimizerState);
        Assert.Equal(full.Skip(20).Select(p => p.Step), second.Select(p => p.Step));
        Assert.Equal(full.Skip(20).Select(p => p.Loss), second.Select(p => p.Loss));
    }

    [Fact]
    public void Weight_decay_skips_biases_and_embeddings()
    {
        using var model = new BigramLanguageModel(new BigramConfig(10, 4));
        var (decay, noDecay) = ParameterGroups.Split(model);

        Assert.Equal([(long)10 * 4], decay.Select(p => p.numel()));               // head.weight (V, d)
        Assert.Equal(new long[] { 10, 10 * 4 }, noDecay.Select(p => p.numel()).Order());   // embedding, head.bias
    }

    [Fact]
    public void A_loss_that_is_not_a_scalar_is_refused_with_the_fix()
    {
        using var setup = new Setup(seed: 1, steps: 5);
        var task = new TrainingTask(_ => setup.Model.Logits(setup.Training.Random(0).Inputs), 128);

        var error = Assert.Throws<InvalidOperationException>(() => setup.Trainer.Train(task));
        Assert.Contains("reduce it to a scalar", error.Message);
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingOptions { WarmupSteps = 50, Steps = 10 }.Validate());
        Assert.Contains("WarmupSteps", error.Message);
        error = Assert.Throws<ArgumentException>(() => new TrainingOptions { MinLearningRate = 1, LearningRate = 0.1 }.Validate());
        Assert.Contains("MinLearningRate", error.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
