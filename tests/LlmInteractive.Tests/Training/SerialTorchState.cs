namespace LlmInteractive.Tests.Training;

/// <summary>
/// Tests that depend on process-wide torch state (the global generator, the thread count, resident memory) run in this
/// collection: after the parallel tests and alone, so no other test draws random numbers or allocates in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchState
{
    public const string Name = "Serial torch state";
}
