using System.CommandLine;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Cli.Verbs;

/// <summary><c>kernel --connection-file FILE [--extension DLL]...</c>: what kernel.json runs.</summary>
public static class KernelVerb
{
    public static Command Create()
    {
        var connectionFile = new Option<string>("--connection-file") { Description = "The connection file the Jupyter front end wrote.", Required = true };
        var extensions = new Option<string[]>("--extension") { Description = "An extension assembly to load at start (repeatable)." };
        var command = new Command("kernel", "Run the Jupyter kernel (started by Jupyter through kernel.json).") { connectionFile, extensions };
        command.SetAction(async (parse, cancellation) =>
        {
            var connection = ConnectionInfo.Load(parse.GetValue(connectionFile)!);
            var interpreter = CreateInterpreter(parse.GetValue(extensions) ?? []);
            using var kernel = new JupyterKernel(connection, interpreter, KernelOptions.Default with { HandleSigint = true });
            await kernel.RunAsync(cancellation);
            return 0;
        });
        return command;
    }

    static IInterpreter CreateInterpreter(IReadOnlyList<string> extensions) =>
        throw new NotSupportedException("The C# interpreter arrives with branch kernel-interp; merge main once it has landed.");
}
