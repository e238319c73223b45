using System.Diagnostics;
using LlmInteractive.Data;
using LlmInteractive.Models;
using LlmInteractive.Training;
using TorchSharp;

namespace LlmInteractive.Benchmarks;

/// <summary>
/// Training throughput of the reference GPT through the lab's own <see cref="Trainer"/>, its model FLOPs utilisation
/// against a matmul peak measured in the same run, and the same training in PyTorch for comparison
/// (<c>llm-interactive bench</c>). A benchmark, not a test: it takes tens of seconds to minutes.
/// </summary>
public static class TrainingBenchmark
{
    public static TrainingBenchmarkResult Run(TrainingBenchmarkOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        Runtime.TorchRuntime.EnsureLoaded();
        // Before any matmul: MKL fixes its kernel choice at the first one.
        var dispatch = MklCpuDispatch.UseVectorKernels();
        log.WriteLine($"MKL kernel dispatch: {dispatch}");

        // The thread count is process-wide: measure with the requested one, then give the session back its own.
        var callersThreads = torch.get_num_threads();
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        torch.set_num_threads(threads);
        try
        {
            return Measure(options, threads, log);
        }
        finally
        {
            torch.set_num_threads(callersThreads);
        }
    }

    static TrainingBenchmarkResult Measure(TrainingBenchmarkOptions options, int threads, TextWriter log)
    {

        var (text, source) = BenchmarkText.Load(options.TextPath);
        var alphabet = text.Distinct().Order().ToArray();   // character vocabulary, sorted as the peer sorts it
        var index = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var ids = text.Select(c => index[c]).ToArray();
        log.WriteLine($"text: {source} ({text.Length:N0} characters, vocabulary {alphabet.Length})");

        Seeding.SeedAll(options.Seed);
        var config = new GptConfig(alphabet.Length, options.ContextLength, options.Layers, options.Heads, options.EmbeddingSize);
        using var model = new Gpt(config);
        using var batches = new TokenBatches(ids, options.BatchSize, options.ContextLength, seed: options.Seed);
        var steps = options.WarmupSteps + options.MeasuredSteps;
        var trainingOptions = new TrainingOptions
        {
            Steps = steps, WarmupSteps = steps, LearningRate = 1e-3, MinLearningRate = 1e-3,
            EvaluationInterval = 0, ProgressInterval = 1, Seed = options.Seed,
        };
        using var trainer = new Trainer(model, trainingOptions);

        // Per-step wall times come from progress events (one per step); the first WarmupSteps are not counted.
        var clock = new Stopwatch();
        var process = Process.GetCurrentProcess();
        var stamps = new List<(TimeSpan Wall, TimeSpan Cpu)>();
        var cpuStart = process.TotalProcessorTime;
        var progress = new StepClock(e =>
        {
            process.Refresh();
            stamps.Add((clock.Elapsed, process.TotalProcessorTime - cpuStart));
            log.WriteLine($"  step {e.Step}/{e.TotalSteps}: loss {e.Loss:F3}");
        });
        log.WriteLine($"C#: GPT {options.Layers} layers × {options.Heads} heads × {options.EmbeddingSize}, context {options.ContextLength}, " +
                      $"batch {options.BatchSize}, {model.ParameterCount:N0} parameters, {threads} threads");
        clock.Start();
        trainer.Train(TrainingTask.NextToken(model, batches), progress);
        clock.Stop();

        var measured = stamps.Prepend((Wall: TimeSpan.Zero, Cpu: TimeSpan.Zero)).Zip(stamps, (a, b) => (Wall: (b.Wall - a.Wall).TotalSeconds, Cpu: (b.Cpu - a.Cpu).TotalSeconds))
            .Skip(options.WarmupSteps).ToArray();
        var stepTimes = measured.Select(m => m.Wall).ToArray();
        var tokens = (double)options.BatchSize * options.ContextLength * measured.Length;
        var tokensPerSecond = tokens / stepTimes.Sum();
        var tokensPerCpuSecond = tokens / measured.Sum(m => m.Cpu);
        var peak = MatmulPeak.Gflops(options.MatmulSize);
        var mfu = model.FlopsPerToken * tokensPerSecond / (peak * 1e9);
        log.WriteLine($"C#: {tokensPerSecond:F0} tokens/s ({tokensPerCpuSecond:F0} per CPU-second), peak {peak:F1} GFLOP/s, MFU {mfu:P1}");

        PeerMeasurement? peer = null;
        string? problem = null;
        if (options.RunPeer)
        {
            var textFile = Path.Combine(Path.GetTempPath(), $"llmi-bench-{Environment.ProcessId}.txt");
            File.WriteAllText(textFile, text);
            try
            {
                (peer, problem) = PyTorchPeer.Run(options, textFile, threads, log);
            }
            finally
            {
                File.Delete(textFile);
            }

            if (peer is not null && peer.Parameters != model.ParameterCount)
                problem = $"the peer's model has {peer.Parameters:N0} parameters, the C# model {model.ParameterCount:N0}: " +
                          "the two models differ, so the ratio compares different work.";
        }

        var result = new TrainingBenchmarkResult(
            source, alphabet.Length, model.ParameterCount, model.FlopsPerToken, threads, tokensPerSecond, tokensPerCpuSecond,
            Median(stepTimes) * 1000, peak, mfu, peer,
            peer is null ? null : tokensPerSecond / peer.TokensPerSecond,
            peer is null ? null : tokensPerCpuSecond / peer.TokensPerCpuSecond, problem);
        return result;
    }

    static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Runs its handler on the training thread, so the time stamp is taken right after the step.</summary>
    sealed class StepClock(Action<TrainingProgress> handler) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => handler(value);
    }
}
