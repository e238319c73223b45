namespace LlmInteractive.Checkpoints;

/// <summary>A checkpoint was loaded into a model it does not fit; <see cref="Differences"/> lists each field that differs.</summary>
public sealed class CheckpointMismatchException(string path, IReadOnlyList<string> differences)
    : InvalidOperationException(
        $"The checkpoint '{path}' does not fit this model: {string.Join("; ", differences)}. " +
        "Build the model from the checkpoint's own config (Checkpoint.ReadInfo(path).Config) or load a checkpoint saved from this configuration.")
{
    /// <summary>One entry per mismatch, e.g. "EmbeddingSize: checkpoint 128, model 64".</summary>
    public IReadOnlyList<string> Differences { get; } = differences;
}
