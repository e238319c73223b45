namespace LlmInteractive.Cli.Sweeps;

/// <summary>What each array task asks Slurm for; null leaves the cluster's default.</summary>
public sealed record SlurmOptions(string? Partition, string? Time, string? Memory, int? GpusPerTask, int CpusPerTask, bool Wait);
