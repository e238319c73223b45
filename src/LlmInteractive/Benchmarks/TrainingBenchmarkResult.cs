using System.Globalization;

namespace LlmInteractive.Benchmarks;

/// <summary>The PyTorch peer's figures, as printed by environment/bench_peer.py.</summary>
public sealed record PeerMeasurement(
    string TorchVersion, int Threads, bool FusedAttention, long Parameters,
    double TokensPerSecond, double TokensPerCpuSecond, double MedianStepMilliseconds, double MatmulGflops);

/// <summary>Training throughput of the reference GPT in C# (TorchSharp), its model FLOPs utilisation, and the peer's.</summary>
/// <param name="FlopsPerToken">Training FLOPs per token (6N + attention), from the model.</param>
/// <param name="PeakGflops">Best fp32 matmul rate measured in the same run.</param>
/// <param name="Mfu">FlopsPerToken × TokensPerSecond ÷ peak: the share of the machine's matmul rate doing model work.</param>
/// <param name="TokensPerCpuSecond">Tokens per second of process CPU time (all threads): steadier than wall time when
/// other processes share the cores.</param>
/// <param name="SpeedupOverPeer">C# tokens/s ÷ PyTorch tokens/s (above 1: C# is faster).</param>
/// <param name="CpuSpeedupOverPeer">The same ratio in tokens per CPU-second.</param>
/// <param name="PeerProblem">Why the peer did not run or its figures are not comparable, else null.</param>
public sealed record TrainingBenchmarkResult(
    string TextSource,
    int VocabularySize,
    long Parameters,
    double FlopsPerToken,
    int Threads,
    double TokensPerSecond,
    double TokensPerCpuSecond,
    double MedianStepMilliseconds,
    double PeakGflops,
    double Mfu,
    PeerMeasurement? Peer,
    double? SpeedupOverPeer,
    double? CpuSpeedupOverPeer,
    string? PeerProblem)
{
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var line = string.Format(c,
            "C# (TorchSharp): {0:F0} tokens/s ({6:F0} per CPU-second), {1:F0} ms/step, MFU {2:P1} of {3:F1} GFLOP/s fp32 matmul peak ({4} threads, {5:N0} parameters)",
            TokensPerSecond, MedianStepMilliseconds, Mfu, PeakGflops, Threads, Parameters, TokensPerCpuSecond);
        if (Peer is { } peer)
            line += string.Format(c,
                "\nPyTorch {0}: {1:F0} tokens/s ({5:F0} per CPU-second), {2:F0} ms/step, peak {7:F1} GFLOP/s (fused attention: {3}); C# / PyTorch = {4:F2}× wall, {6:F2}× CPU",
                peer.TorchVersion, peer.TokensPerSecond, peer.MedianStepMilliseconds, peer.FusedAttention ? "yes" : "no", SpeedupOverPeer,
                peer.TokensPerCpuSecond, CpuSpeedupOverPeer, peer.MatmulGflops);
        if (PeerProblem is not null) line += $"\nPeer: {PeerProblem}";
        return line;
    }
}
