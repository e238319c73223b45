using System.Text.Json.Nodes;

namespace LlmInteractive.Cli.Sweeps;

public enum PointState { Pending, Running, Done, Failed }

/// <summary>
/// The files of a sweep folder: DIR/sweep.json, and per point DIR/points/ID/ with the executed notebook, results.json
/// (written last: a point is done when it exists), error.txt (a failed point) and running.json (while it runs).
/// </summary>
public sealed class SweepFolder(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string PointDirectory(SweepPoint point) => Path.Combine(Directory, "points", point.Id);
    public string ResultsPath(SweepPoint point) => Path.Combine(PointDirectory(point), "results.json");
    public string ErrorPath(SweepPoint point) => Path.Combine(PointDirectory(point), "error.txt");
    public string RunningPath(SweepPoint point) => Path.Combine(PointDirectory(point), "running.json");
    public string LogPath(SweepPoint point) => Path.Combine(PointDirectory(point), "log.txt");
    public string SlurmDirectory => Path.Combine(Directory, "slurm");

    /// <summary>What the files say about a point. A run that ended without results or error (killed) reads as failed.</summary>
    public (PointState State, string? Detail) State(SweepPoint point)
    {
        if (File.Exists(ResultsPath(point))) return (PointState.Done, null);
        if (File.Exists(ErrorPath(point))) return (PointState.Failed, FirstLine(File.ReadAllText(ErrorPath(point))));
        if (ReadRunning(point) is not { } running) return (PointState.Pending, null);
        if (running.Host != Environment.MachineName) return (PointState.Running, $"on {running.Host}, pid {running.ProcessId}");
        return IsAlive(running.ProcessId)
            ? (PointState.Running, $"pid {running.ProcessId}")
            : (PointState.Failed, $"its run (pid {running.ProcessId}) ended without results or an error: killed by a signal, a time or memory limit");
    }

    public void MarkRunning(SweepPoint point) => AtomicFile.Write(RunningPath(point), new JsonObject
    {
        ["host"] = Environment.MachineName,
        ["pid"] = Environment.ProcessId,
        ["started"] = DateTimeOffset.UtcNow.ToString("O"),
        ["slurmJob"] = Environment.GetEnvironmentVariable("SLURM_JOB_ID"),
    }.ToJsonString());

    (string Host, int ProcessId)? ReadRunning(SweepPoint point)
    {
        JsonNode? running;
        try
        {
            running = JsonNode.Parse(File.ReadAllText(RunningPath(point)));
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            // Gone meanwhile (the point finished), or half a file from another tool.
            return null;
        }
        return running?["host"]?.GetValue<string>() is { } host && running["pid"]?.GetValue<int>() is { } pid ? (host, pid) : null;
    }

    static bool IsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
