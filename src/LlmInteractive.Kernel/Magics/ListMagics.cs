using System.CommandLine;

namespace LlmInteractive.Kernel.Magics;

/// <summary><c>#!lsmagic</c>: every registered magic with its description.</summary>
static class ListMagics
{
    public static MagicCommand Create(MagicRegistry registry) => new(
        new Command("lsmagic", "List the available magics with their descriptions."),
        context =>
        {
            var magics = registry.All;
            var width = magics.Max(m => m.Name.Length) + 4;
            var lines = magics.Select(m => $"#!{m.Name}".PadRight(width) + (m.Definition.Description ?? ""));
            context.Output.Stream("stdout", string.Join("\n", lines) + "\n\nAdd -h to a magic for its options.\n");
            return Task.FromResult<Interpreter.ExecutionOutcome?>(null);
        });
}
