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
            // Every problem the user can fix is one line that names it and the fix, never a stack trace.
            IReadOnlyList<(string Name, string Value)> injected;
            try
            {
                injected = NotebookParameters.Parse(parse.GetValue(parameters) ?? []);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"llm-interactive run: {e.Message}");
                return 2;
            }
            if (parse.GetValue(timeout) is { } limit && !(limit > 0))
            {
                Console.Error.WriteLine($"llm-interactive run: --timeout {limit} is not a positive number of seconds; write e.g. --timeout 600.");
                return 2;
            }
            var options = new NotebookRunOptions(
                parse.GetValue(output),
                injected,
                parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                TimeSpan.FromSeconds(120));
            using var signals = RunSignals.Register();
            var runner = new NotebookRunner(KernelProcess.Starter(KernelLaunch.Current(), Console.Error), Console.Error);
            var exitCode = 0;
            foreach (var path in parse.GetValue(notebooks)!)
            {
                if (signals.Stop.IsCancellationRequested) return signals.ExitCode;
                NotebookResult result;
                try
                {
                    result = runner.Run(path, options, signals.Stop);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or TimeoutException or UnauthorizedAccessException
                                           or System.ComponentModel.Win32Exception)
                {
                    // One notebook that cannot run does not stop the others.
                    Console.Error.WriteLine($"{path}: {e.Message}");
                    exitCode = 1;
                    if (signals.Stop.IsCancellationRequested) return signals.ExitCode;
                    continue;
                }
                if (result.Failure is null)
                {
                    Console.WriteLine($"{path}: ok in {result.Elapsed.TotalSeconds:0.0} s → {result.OutputPath}");
                }
                else if (result.Failure.ErrorName == NotebookRunner.Stopped && signals.Name is { } signal)
                {
                    Console.Error.WriteLine($"{path}: stopped by {signal}: {result.Failure} (partial notebook written to {result.OutputPath})");
                    return signals.ExitCode;
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
