using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// Runs the points on this machine: at most <c>workers</c> point processes at once, each with cores / workers torch
/// threads so together they do not oversubscribe the cores. Each point is its own process (as a Slurm task is), its
/// output in the point's log.txt. A stopped sweep (Ctrl+C, SIGINT or SIGTERM to it) starts no more points and sends
/// each running one SIGTERM, then waits for them: each shuts its kernel down and ends without results, so a rerun
/// runs exactly those again.
/// </summary>
public sealed class LocalExecutor(SweepFolder folder, SweepManifest manifest, int workers, TextWriter log)
{
    public int ThreadsPerPoint => Math.Max(1, Environment.ProcessorCount / workers);

    /// <summary>
    /// Runs the points at <paramref name="indices"/>; returns how many failed or were stopped. <paramref name="stop"/>
    /// starts no more points and sends the running ones SIGTERM.
    /// </summary>
    public int Run(IReadOnlyList<int> indices, CancellationToken stop)
    {
        var failed = 0;
        var finished = 0;
        log.WriteLine($"[sweep] {indices.Count} points on {workers} local workers, {ThreadsPerPoint} torch threads each");
        Parallel.ForEach(indices, new ParallelOptions { MaxDegreeOfParallelism = workers }, index =>
        {
            if (stop.IsCancellationRequested) return;
            var point = manifest.Points[index];
            var clock = Stopwatch.StartNew();
            var exitCode = RunPoint(index, stop);
            var done = Interlocked.Increment(ref finished);
            if (exitCode != 0) Interlocked.Increment(ref failed);
            var (state, detail) = folder.State(point);
            var outcome = exitCode == 0 ? "done"
                : state == PointState.Pending ? "stopped, no results"
                : $"failed: {detail ?? $"exit code {exitCode}"} (log: {folder.LogPath(point)})";
            lock (log) log.WriteLine($"[sweep] {done}/{indices.Count} {point.Id}: {outcome} in {clock.Elapsed.TotalSeconds:0.0} s");
        });
        return failed + (stop.IsCancellationRequested ? indices.Count - finished : 0);
    }

    int RunPoint(int index, CancellationToken stop)
    {
        var point = manifest.Points[index];
        Directory.CreateDirectory(folder.PointDirectory(point));
        var arguments = PointCommand.Arguments(folder, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var start = new ProcessStartInfo(arguments[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Skip(1)) start.ArgumentList.Add(argument);
        PointCommand.LimitThreads(start, ThreadsPerPoint);
        start.Environment[PointCommand.SweepProcessVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var logFile = new StreamWriter(folder.LogPath(point), append: false) { AutoFlush = true };
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (logFile) logFile.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (logFile) logFile.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A stopped sweep passes SIGTERM on (the point ignores a terminal's SIGINT): it shuts its kernel down and ends.
        using var forward = stop.Register(() => Terminate(process));
        process.WaitForExit();
        return process.ExitCode;
    }

    static void Terminate(Process process)
    {
        try
        {
            if (OperatingSystem.IsWindows()) process.Kill(entireProcessTree: true);
            else _ = Posix.Kill(process.Id, Posix.SigTerm);
        }
        catch (InvalidOperationException)
        {
            // It has exited.
        }
    }

    static class Posix
    {
        public const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
