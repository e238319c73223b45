using TorchSharp;

namespace LlmInteractive.Training;

/// <summary>
/// One switch for reproducibility: seeds torch (CPU and every CUDA device when present) and the lab's shared
/// <see cref="System.Random"/>. The kernel's <c>#!seed</c> magic calls <see cref="SeedAll"/>.
/// </summary>
public static class Seeding
{
    static readonly Lock gate = new();
    static Random random = new();

    /// <summary>The seed last given to <see cref="SeedAll"/>, or null when nothing was seeded yet.</summary>
    public static int? CurrentSeed { get; private set; }

    /// <summary>The lab's shared random source for managed code (sampling, shuffles); reseeded by <see cref="SeedAll"/>.</summary>
    public static Random Random
    {
        get { lock (gate) return random; }
    }

    public static void SeedAll(int seed)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        lock (gate)
        {
            torch.manual_seed(seed);
            // Asking for CUDA on a CPU-only build would try to load missing libraries, so only seed what exists.
            if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
            random = new Random(seed);
            CurrentSeed = seed;
        }
    }

    /// <summary>A fresh seed drawn from the shared source, for components that keep their own generator.</summary>
    public static int NextSeed()
    {
        lock (gate) return random.Next();
    }
}
