using System.CommandLine;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Training;

namespace LlmInteractive.Extension;

/// <summary><c>#!seed N</c>: seeds every random generator the lab uses (torch CPU and CUDA, and Seeding.Random).</summary>
static class SeedMagic
{
    public static MagicCommand Create()
    {
        var seed = new Argument<int>("N") { Description = "The seed." };
        var command = new Command("seed", "Seed torch (CPU and every CUDA device) and the lab's shared Random, for reproducible runs.") { seed };
        return new MagicCommand(command, MagicHandlers.Guarded("seed", context =>
        {
            var value = context.Arguments.GetValue(seed);
            Seeding.SeedAll(value);
            context.Output.Stream("stdout", $"Seeded torch{(TorchSharp.torch.cuda.is_available() ? ", CUDA" : "")} and Seeding.Random with {value}.\n");
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }
}
