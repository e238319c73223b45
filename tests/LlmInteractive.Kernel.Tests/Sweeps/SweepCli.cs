using System.Diagnostics;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Kernel.Tests.Sweeps;

/// <summary>The built llm-interactive run as a process for the sweep tests, and the tiny notebook they sweep.</summary>
internal static class SweepCli
{
    public static string TinyNotebook => Path.Combine(
        Path.GetDirectoryName(LlmInteractive.Runtime.RepositoryPaths.Find("Research.sln") ?? throw new DirectoryNotFoundException("Research.sln not found above the test binaries."))!,
        "tests", "notebooks", "sweep", "tiny-sweep.ipynb");

    public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        using var process = Start(arguments, environment, out var stdout, out var stderr);
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"llm-interactive {string.Join(' ', arguments)} ran over 5 minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts the CLI without waiting (through <paramref name="wrapper"/>, e.g. setsid, when given); its output is read
    /// into <paramref name="stdout"/> and <paramref name="stderr"/>.
    /// </summary>
    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string>? environment, out Task<string> stdout, out Task<string> stderr,
        string? wrapper = null)
    {
        IEnumerable<string> command = [.. wrapper is null ? [] : new[] { wrapper }, .. KernelLaunch.Current().Host, .. arguments];
        var start = new ProcessStartInfo(command.First()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>What a failed assertion shows: the run's output and, given the sweep folder, each failed point's whole error.</summary>
    public static string Log((int ExitCode, string Stdout, string Stderr) run, string? sweepFolder = null)
    {
        var points = sweepFolder is null || !Directory.Exists(Path.Combine(sweepFolder, "points")) ? [] : Directory.GetDirectories(Path.Combine(sweepFolder, "points"));
        var errors = points.Where(p => File.Exists(Path.Combine(p, "error.txt")))
            .Select(p => $"\n{Path.GetFileName(p)}/error.txt:\n{File.ReadAllText(Path.Combine(p, "error.txt"))}");
        return $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}{string.Concat(errors)}";
    }
}
