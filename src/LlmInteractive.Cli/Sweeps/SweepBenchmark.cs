using System.Diagnostics;
using System.Globalization;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Cli.Sweeps;

/// <param name="SlurmSeconds">Null when no Slurm node is idle.</param>
public sealed record SweepBenchmarkResult(int Points, int Workers, double SequentialSeconds, double PoolSeconds, double? SlurmSeconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Points} points: one after another {SequentialSeconds:F1} s, local pool of {Workers} {PoolSeconds:F1} s, " +
        $"speed-up {SequentialSeconds / PoolSeconds:F2}× (goal: close to {Workers})") +
        (SlurmSeconds is { } slurm
            ? string.Create(CultureInfo.InvariantCulture,
                $"\nSlurm executor (single-node cluster, {Workers} tasks at once): {slurm:F1} s, overhead {(slurm - PoolSeconds) / Points * Workers:F2} s per point beside the local pool")
            : "\nSlurm executor: skipped, no idle Slurm node (environment/slurm-local.sh start)");
}

/// <summary>
/// The same quick points of tests/notebooks/sweep/tiny-sweep.ipynb swept by the built CLI three ways: one worker,
/// the local pool, and Slurm where a node is idle. Each way gets a fresh folder, so nothing is skipped.
/// </summary>
public static class SweepBenchmark
{
    public static SweepBenchmarkResult Run(string notebook, int points, TextWriter log)
    {
        var workers = Environment.ProcessorCount;
        var root = Directory.CreateTempSubdirectory("llmi-bench-sweep-");
        try
        {
            // Each point does about 2 s of single-thread matmuls besides starting its kernel, as a quick notebook would.
            string[] grid = ["--grid", "seed=" + string.Join(',', Enumerable.Range(1, points)), "--grid", "work=400"];
            var sequential = Time(log, ["sweep", notebook, .. grid, "--workers", "1", "--out", Path.Combine(root.FullName, "sequential")]);
            var pool = Time(log, ["sweep", notebook, .. grid, "--workers", $"{workers}", "--out", Path.Combine(root.FullName, "pool")]);
            double? slurm = SlurmIdle()
                ? Time(log, ["sweep", notebook, .. grid, "--executor", "slurm", "--cpus-per-task", "1", "--wait", "--out", Path.Combine(root.FullName, "slurm")])
                : null;
            return new SweepBenchmarkResult(points, workers, sequential, pool, slurm);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    static double Time(TextWriter log, string[] arguments)
    {
        var host = KernelLaunch.Current().Host;
        var clock = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = CommandLineTool.Run(host[0], [.. host.Skip(1), .. arguments]);
        var seconds = clock.Elapsed.TotalSeconds;
        if (exitCode != 0) throw new InvalidOperationException($"llm-interactive {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seconds,6:F1} s  llm-interactive {string.Join(' ', arguments.Where(a => !a.Contains('/')))}"));
        return seconds;
    }

    static bool SlurmIdle() =>
        CommandLineTool.Find("sbatch") is not null && CommandLineTool.Find("sinfo") is { } sinfo
        && CommandLineTool.Run(sinfo, ["-h", "-N", "-o", "%T"], TimeSpan.FromSeconds(10)) is { ExitCode: 0 } answer
        && answer.Stdout.Split('\n').Any(s => s.Trim() is "idle" or "mixed");
}
