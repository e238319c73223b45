namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// What Slurm says about a sweep's array tasks: DIR/slurm/jobs.txt lists each submission ("JOBID INDICES"); squeue
/// gives the queued and running tasks, sacct (where accounting is on) how finished ones ended.
/// </summary>
public static class SlurmJobs
{
    public static string PathIn(SweepFolder folder) => Path.Combine(folder.SlurmDirectory, "jobs.txt");

    /// <summary>Point index → (Slurm state, job id) of its latest submission; empty without submissions or Slurm tools.</summary>
    public static IReadOnlyDictionary<int, (string State, string JobId)> States(SweepFolder folder)
    {
        var path = PathIn(folder);
        var result = new Dictionary<int, (string, string)>();
        if (!File.Exists(path)) return result;
        var latest = new Dictionary<int, string>();
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2) foreach (var index in ArrayIndices.Parse(parts[1])) latest[index] = parts[0];
        }
        var jobs = string.Join(',', latest.Values.Distinct());
        // sacct first, squeue after: a task squeue still lists is queued or running whatever sacct has recorded.
        if (CommandLineTool.Find("sacct") is { } sacct)
            Read(CommandLineTool.Run(sacct, ["-n", "-P", "-X", "-j", jobs, "-o", "JobID,State"], TimeSpan.FromSeconds(20)), latest, result);
        if (CommandLineTool.Find("squeue") is { } squeue)
            Read(CommandLineTool.Run(squeue, ["-h", "-r", "-j", jobs, "-o", "%i|%T"], TimeSpan.FromSeconds(20)), latest, result);
        return result;
    }

    static void Read((int ExitCode, string Stdout, string Stderr) answer, Dictionary<int, string> latest, Dictionary<int, (string, string)> result)
    {
        // Without accounting sacct fails ("accounting storage is disabled"); an unknown job makes squeue fail: no news.
        if (answer.ExitCode != 0) return;
        foreach (var line in answer.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            var task = fields[0].Split('_');
            if (fields.Length < 2 || task.Length != 2 || !int.TryParse(task[1], System.Globalization.CultureInfo.InvariantCulture, out var index)) continue;
            if (latest.TryGetValue(index, out var job) && job == task[0]) result[index] = (fields[1].Split(' ')[0], job);
        }
    }
}
