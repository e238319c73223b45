using LlmInteractive.Benchmarks;
using LlmInteractive.Tests.Training;
using TorchSharp;

namespace LlmInteractive.Tests.Benchmarks;

/// <summary>The benchmark's plumbing on a toy configuration (the real measurement is `llm-interactive bench`).</summary>
[Collection(SerialTorchState.Name)]
public sealed class TrainingBenchmarkTests : IDisposable
{
    readonly string text = Path.Combine(Path.GetTempPath(), $"llmi-bench-test-{Guid.NewGuid():N}.txt");

    static TrainingBenchmarkOptions Toy(string textPath) => new()
    {
        Layers = 1, Heads = 2, EmbeddingSize = 16, ContextLength = 16, BatchSize = 4,
        WarmupSteps = 1, MeasuredSteps = 3, Threads = 1, MatmulSize = 128, TextPath = textPath, RunPeer = false,
    };

    public TrainingBenchmarkTests() =>
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("call me ishmael. some years ago, never mind how long. ", 40)));

    [Fact]
    public void Measures_throughput_and_a_utilisation_between_zero_and_one()
    {
        var log = new StringWriter();
        var result = TrainingBenchmark.Run(Toy(text), log);

        Assert.Equal(text, result.TextSource);
        Assert.Equal("call me ishmael. some years ago, never mind how long. ".Distinct().Count(), result.VocabularySize);
        Assert.Equal(1, result.Threads);
        Assert.True(result.TokensPerSecond > 0 && result.TokensPerCpuSecond > 0);
        Assert.True(result.PeakGflops > 0);
        Assert.InRange(result.Mfu, 1e-6, 1.0);
        // Training FLOPs per token are at least 6 per parameter (forward 2, backward 4).
        Assert.True(result.FlopsPerToken >= 6.0 * (result.Parameters - 16 * 16), $"{result.FlopsPerToken} FLOPs for {result.Parameters} parameters");
        Assert.Null(result.Peer);
        Assert.Contains("tokens/s", log.ToString());
        Assert.Contains("MKL kernel dispatch", log.ToString());
        Assert.Contains("step 4/4", log.ToString());
    }

    [Fact]
    public void The_callers_thread_count_is_restored()
    {
        var before = torch.get_num_threads();
        TrainingBenchmark.Run(Toy(text) with { Threads = before == 1 ? 2 : 1 }, TextWriter.Null);
        Assert.Equal(before, torch.get_num_threads());
    }

    [Fact]
    public void A_missing_peer_script_is_reported_not_thrown()
    {
        var result = TrainingBenchmark.Run(Toy(text) with { RunPeer = true, PeerScript = Path.Combine(Path.GetTempPath(), "no-such-peer.py") }, TextWriter.Null);

        Assert.Null(result.Peer);
        Assert.Null(result.SpeedupOverPeer);
        Assert.Contains("bench_peer.py not found", result.PeerProblem);
    }

    [Fact]
    public void Impossible_shapes_are_refused_before_any_work()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingBenchmark.Run(Toy(text) with { Heads = 3 }, TextWriter.Null));
        Assert.Contains("multiple of Heads", error.Message);
    }

    public void Dispose() => File.Delete(text);
}
