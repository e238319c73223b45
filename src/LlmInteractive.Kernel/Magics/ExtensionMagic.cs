using System.CommandLine;
using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Magics;

/// <summary><c>#!extension PATH</c>: loads the kernel extensions in an assembly into the session.</summary>
static class ExtensionMagic
{
    public static MagicCommand Create(ExtensionLoader loader)
    {
        var path = new Argument<string>("path") { Description = "Path of the extension's .dll." };
        var command = new Command("extension", "Load the kernel extensions (IKernelExtension types) in an assembly.") { path };
        return new MagicCommand(command, async context =>
        {
            var file = context.Arguments.GetRequiredValue(path);
            try
            {
                var names = await loader.LoadAsync(file, cancellation: context.Cancellation);
                context.Output.Stream("stdout", names.Count == 0
                    ? $"Loaded {Path.GetFileName(file)} (it declares no new IKernelExtension).\n"
                    : $"Loaded extension{(names.Count > 1 ? "s" : "")} {string.Join(", ", names)}.\n");
                return null;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or BadImageFormatException)
            {
                return ExecutionOutcome.Failed(e.GetType().Name, e.Message, [e.Message]);
            }
        });
    }
}
