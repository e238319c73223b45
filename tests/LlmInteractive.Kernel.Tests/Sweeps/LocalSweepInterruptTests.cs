using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Kernel.Tests.Sweeps;

/// <summary>A local sweep stopped by SIGINT while its points run, then run again.</summary>
[Collection(nameof(LocalSweepTests))]
public sealed class LocalSweepInterruptTests : IDisposable
{
    // Long enough for a busy 2-core machine to start three kernels; the test waits for states, not for time.
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    readonly string folder = Directory.CreateTempSubdirectory("llmi-sweep-stop-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <param name="wholeGroup">
    /// False: SIGINT to the sweep process alone. True: to its whole process group, as Ctrl+C in a terminal does, so the
    /// points and their kernels get it too (the sweep runs under setsid, in a group of its own).
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sigint_stops_every_worker_keeps_finished_results_leaves_no_partial_files_and_a_rerun_runs_only_the_rest(bool wholeGroup)
    {
        if (!OperatingSystem.IsLinux()) return;   // /proc, kill(2) and setsid: the process checks need Linux.
        var output = Path.Combine(folder, "sweep");
        var release = Path.Combine(folder, "release");
        var pointsFile = Path.Combine(folder, "points.json");
        // Point 1 finishes at once; points 2 and 3 wait in a cell until `release` exists, so they are mid-run when stopped.
        File.WriteAllText(pointsFile, new JsonArray(
            new JsonObject { ["seed"] = 1 },
            new JsonObject { ["seed"] = 2, ["hold"] = release },
            new JsonObject { ["seed"] = 3, ["hold"] = release }).ToJsonString());
        string[] command = ["sweep", SweepCli.TinyNotebook, "--points", pointsFile, "--workers", "2", "--out", output];

        using var sweep = SweepCli.Start(command, null, out var stdout, out var stderr, wrapper: wholeGroup ? "setsid" : null);
        var manifest = WaitFor(() => File.Exists(SweepManifest.PathIn(output)) ? SweepManifest.Load(output) : null, "sweep.json");
        var sweepFolder = new SweepFolder(output);
        var (done, held) = (manifest.Points[0], manifest.Points.Skip(1).ToList());
        WaitFor(() => File.Exists(sweepFolder.ResultsPath(done))
                      && held.All(p => File.Exists(sweepFolder.LogPath(p)) && ReadShared(sweepFolder.LogPath(p)).Contains("// hold:", StringComparison.Ordinal))
                ? "" : null, "point 1 done and points 2 and 3 waiting in their hold cell");
        var workers = Descendants(sweep.Id);
        Assert.True(workers.Count >= 4, $"two points and their kernels should run, found pids {string.Join(' ', workers)}");
        var resultsBefore = File.ReadAllText(sweepFolder.ResultsPath(done));
        var writtenBefore = File.GetLastWriteTimeUtc(sweepFolder.ResultsPath(done));

        // setsid exec()s the sweep in place (it is no group leader yet), so the sweep's pid is also its group's id.
        Assert.Equal(0, Kill(wholeGroup ? -sweep.Id : sweep.Id, SigInt));
        Assert.True(sweep.WaitForExit(Patience), "the sweep did not end after SIGINT");
        sweep.WaitForExit();
        var (printed, complained) = (await stdout, await stderr);
        var log = $"stdout:\n{printed}\nstderr:\n{complained}";

        Assert.True(sweep.ExitCode == 130, log);
        Assert.Contains("stopped by SIGINT: 1 of 3 points done", printed);
        // No worker outlives the sweep: every point process and every kernel it started has ended.
        Assert.All(workers, pid => Assert.False(Directory.Exists($"/proc/{pid}") && State(pid) != 'Z', $"pid {pid} still runs after the sweep ended\n{log}"));
        Assert.Equal(resultsBefore, File.ReadAllText(sweepFolder.ResultsPath(done)));
        foreach (var point in held)
        {
            Assert.False(File.Exists(sweepFolder.ResultsPath(point)), $"{point.Id} was stopped but has results");
            if (File.Exists(sweepFolder.ErrorPath(point))) Assert.Fail($"{point.Id} was stopped, not failed: {ReadShared(sweepFolder.ErrorPath(point))}");
            Assert.False(File.Exists(sweepFolder.RunningPath(point)), $"{point.Id} still says it runs");
        }
        var leftovers = Directory.GetFileSystemEntries(output, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p).EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith(".staging-", StringComparison.Ordinal)).ToList();
        Assert.True(leftovers.Count == 0, $"half-written files left: {string.Join(", ", leftovers)}");
        Assert.Contains("3 points: 2 pending, 0 running, 1 done, 0 failed", SweepCli.Run(["sweep", "status", output]).Stdout);

        File.WriteAllText(release, "");
        var rerun = SweepCli.Run(command);

        Assert.True(rerun.ExitCode == 0, SweepCli.Log(rerun, output));
        Assert.Contains("3 points: 1 done before (skipped), 0 already running or queued, 2 to run", rerun.Stdout);
        Assert.Equal(writtenBefore, File.GetLastWriteTimeUtc(sweepFolder.ResultsPath(done)));
        Assert.All(manifest.Points, p => Assert.Equal(PointState.Done, sweepFolder.State(p).State));
    }

    static T WaitFor<T>(Func<T?> probe, string what) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (probe() is { } value) return value;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"waited {Patience.TotalMinutes} minutes for {what}");
    }

    static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Every live process below <paramref name="root"/>, from /proc's parent pids.</summary>
    static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
                parents[pid] = stat.Parent;
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        return found;
    }

    static char State(int pid) => Stat(pid)?.State ?? 'X';

    /// <summary>/proc/PID/stat's state and parent (after the command name, which may hold spaces and parentheses).</summary>
    static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
