using System.CommandLine;
using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Cli.Notebooks;

namespace LlmInteractive.Cli.Verbs;

/// <summary><c>run NOTEBOOK... [--out DIR] [-p NAME=VALUE]... [--timeout S]</c>: executes notebooks headlessly.</summary>
public static class RunVerb
{
    public static Command Create()
    {
        var notebooks = new Argument<string[]>("notebooks") { Description = "The .ipynb files to execute, top to bottom, each in a fresh kernel.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Folder for the executed notebooks (default: overwrite each notebook in place)." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "NAME=VALUE injected after the cell tagged 'parameters' (numbers and booleans as C# literals, else strings).", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds a cell may run before it is interrupted and the run fails (default: no limit)." };
        var command = new Command("run", "Execute notebooks with this kernel and write the executed .ipynb (nbformat 4.5).") { notebooks, output, parameters, timeout };
        command.SetAction(parse =>
        {
            var options = new NotebookRunOptions(
                parse.GetValue(output),
                NotebookParameters.Parse(parse.GetValue(parameters) ?? []),
                parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                TimeSpan.FromSeconds(120));
            var runner = new NotebookRunner(KernelProcess.Starter(KernelLaunch.Current(), Console.Error), Console.Error);
            var exitCode = 0;
            foreach (var path in parse.GetValue(notebooks)!)
            {
                var result = runner.Run(path, options);
                if (result.Failure is null)
                {
                    Console.WriteLine($"{path}: ok in {result.Elapsed.TotalSeconds:0.0} s → {result.OutputPath}");
                }
                else
                {
                    Console.Error.WriteLine($"{path}: {result.Failure} (partial notebook written to {result.OutputPath})");
                    exitCode = 1;
                }
            }
            return exitCode;
        });
        return command;
    }
}
