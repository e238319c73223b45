namespace LlmInteractive.Benchmarks;

/// <summary>
/// The training benchmark's reference setup: a character-level GPT of 4 layers, 4 heads, width 128, context 128,
/// batch 32, trained with AdamW. Change fields to measure other shapes; the PyTorch peer mirrors whatever is set.
/// </summary>
public sealed record TrainingBenchmarkOptions
{
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public int EmbeddingSize { get; init; } = 128;
    public int ContextLength { get; init; } = 128;
    public int BatchSize { get; init; } = 32;

    /// <summary>Steps run before timing starts (allocator, kernels and JIT settle).</summary>
    public int WarmupSteps { get; init; } = 2;

    /// <summary>Timed steps.</summary>
    public int MeasuredSteps { get; init; } = 8;

    /// <summary>Intra-op threads for both sides; 0 uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>Training text; null uses datasets/moby-dick when found, else a deterministic synthetic text.</summary>
    public string? TextPath { get; init; }

    /// <summary>Side of the square fp32 matmul that measures the machine's peak (2n³ FLOPs per product).</summary>
    public int MatmulSize { get; init; } = 1024;

    /// <summary>Also run the same training in PyTorch (environment/bench_peer.py) and report the ratio.</summary>
    public bool RunPeer { get; init; } = true;

    /// <summary>The peer script; null searches environment/bench_peer.py upward from the working and program directories.</summary>
    public string? PeerScript { get; init; }

    /// <summary>Python with torch; null prefers the system /usr/bin/python3 (where Debian's python3-torch lives).</summary>
    public string? Python { get; init; }

    /// <summary>Longest the peer may run before it is stopped and reported as timed out.</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int Seed { get; init; } = 1337;

    internal void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException($"Invalid TrainingBenchmarkOptions: {message}");
        }

        Require(Layers > 0 && Heads > 0 && EmbeddingSize > 0 && EmbeddingSize % Heads == 0,
            $"EmbeddingSize ({EmbeddingSize}) must be a positive multiple of Heads ({Heads}), with Layers ({Layers}) positive.");
        Require(ContextLength > 0 && BatchSize > 0, $"ContextLength ({ContextLength}) and BatchSize ({BatchSize}) must be positive.");
        Require(WarmupSteps >= 0 && MeasuredSteps >= 1, $"WarmupSteps ({WarmupSteps}) must be 0 or more and MeasuredSteps ({MeasuredSteps}) at least 1.");
        Require(Threads >= 0, $"Threads is {Threads}; use 0 for every core or a positive count.");
        Require(MatmulSize >= 64, $"MatmulSize is {MatmulSize}; use at least 64 (1024 or more measures the peak).");
    }
}
