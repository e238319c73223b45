namespace LlmInteractive.Compression;

/// <summary>Where the sparsity target applies.</summary>
public enum PruningScope
{
    /// <summary>One threshold over all pruned matrices: layers with small weights lose more of them.</summary>
    Global,

    /// <summary>Every matrix loses the same fraction of its own weights.</summary>
    PerLayer,
}
