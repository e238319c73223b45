namespace LlmInteractive.Cli.Sweeps;

/// <summary>Each point's state: the result and error files first (they are final), then Slurm's queue, then running.json.</summary>
public static class SweepStatus
{
    /// <param name="InFlight">Running, or queued in Slurm: submitting it again would run it twice.</param>
    public sealed record Row(int Index, SweepPoint Point, PointState State, string? Detail, bool InFlight);

    static readonly HashSet<string> SlurmFailures = ["FAILED", "TIMEOUT", "OUT_OF_MEMORY", "CANCELLED", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"];

    public static IReadOnlyList<Row> Of(SweepFolder folder, SweepManifest manifest)
    {
        var slurm = SlurmJobs.States(folder);
        var rows = new List<Row>();
        for (var index = 0; index < manifest.Points.Count; index++)
        {
            var point = manifest.Points[index];
            var (state, detail) = folder.State(point);
            if (state is not (PointState.Done or PointState.Failed) && slurm.TryGetValue(index, out var task))
            {
                if (task.State is "PENDING" or "CONFIGURING" or "REQUEUED") (state, detail) = (PointState.Pending, $"queued in Slurm job {task.JobId}");
                else if (task.State is "RUNNING" or "COMPLETING") (state, detail) = (PointState.Running, $"Slurm job {task.JobId}_{index}");
                else if (SlurmFailures.Contains(task.State)) (state, detail) = (PointState.Failed, $"Slurm job {task.JobId}_{index}: {task.State}");
            }
            rows.Add(new Row(index, point, state, detail, state == PointState.Running || detail?.StartsWith("queued", StringComparison.Ordinal) == true));
        }
        return rows;
    }
}
