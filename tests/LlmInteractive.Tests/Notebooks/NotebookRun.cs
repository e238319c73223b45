using System.Diagnostics;
using System.Text.Json;

namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Runs a curated notebook headlessly in quick mode with the built CLI (<c>dotnet llm-interactive.dll run NB --out DIR</c>,
/// LLMI_QUICK=1) and reads the numbers its last cell displays as application/json; runs other CLI verbs (sweep) the same way.
/// </summary>
internal static class NotebookRun
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Research.sln"))) return dir.FullName;
            throw new InvalidOperationException($"No Research.sln above {AppContext.BaseDirectory}: run the tests from the repository's build output.");
        }
    }

    /// <summary>Executes notebooks/<paramref name="name"/> (with <c>-p NAME=VALUE</c> parameters) and returns its results and the executed notebook's path.</summary>
    public static (IReadOnlyDictionary<string, double> Results, string ExecutedPath) Execute(string name, params string[] parameters)
    {
        string notebook = Path.Combine(RepositoryRoot, "notebooks", name);
        Assert.True(File.Exists(notebook), $"Missing notebook {notebook}.");
        string outDir = Directory.CreateTempSubdirectory("llmi-notebook-").FullName;
        var (exitCode, log) = Cli(["run", notebook, "--out", outDir, .. parameters.SelectMany(p => new[] { "-p", p })]);
        Assert.True(exitCode == 0, $"llm-interactive run {name} exited {exitCode}.\n{log}");

        string executed = Path.Combine(outDir, name);
        if (!File.Exists(executed))
            executed = Directory.GetFiles(outDir, "*.ipynb", SearchOption.AllDirectories).SingleOrDefault()
                ?? throw new InvalidOperationException($"No executed notebook under {outDir}.\n{log}");
        return (ReadResults(executed), executed);
    }

    /// <summary>The built CLI with <paramref name="arguments"/> in quick mode, from notebooks/: its exit code and its output.</summary>
    public static (int ExitCode, string Log) Cli(IReadOnlyList<string> arguments)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "llm-interactive.dll");
        Assert.True(File.Exists(cli), $"Missing {cli}: build the solution (the test project references LlmInteractive.Cli).");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepositoryRoot, "notebooks"),
        };
        foreach (var arg in arguments.Prepend(cli)) start.ArgumentList.Add(arg);
        start.Environment["LLMI_QUICK"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"llm-interactive {string.Join(' ', arguments)} did not finish within {Timeout.TotalMinutes} minutes in quick mode.");
        }
        return (process.ExitCode, $"stdout:\n{stdout.Result}\nstderr:\n{stderr.Result}");
    }

    /// <summary>The last application/json output of the notebook, as name → number.</summary>
    public static IReadOnlyDictionary<string, double> ReadResults(string executedNotebook)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(executedNotebook));
        JsonElement? last = null;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
                if (output.TryGetProperty("data", out var data) && data.TryGetProperty("application/json", out var json))
                    last = json;
        }
        Assert.True(last.HasValue, $"{executedNotebook} displays no application/json results.");
        return last!.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}
