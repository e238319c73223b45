using System.Globalization;
using System.Text;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// Submits the points as one Slurm job array: DIR/slurm/sweep.sbatch runs <c>sweep point DIR --index $SLURM_ARRAY_TASK_ID</c>,
/// and <c>sbatch --array=LIST</c> lists only the points without results, so a rerun resubmits exactly the failed and
/// missing ones. Slurm does the queueing; the folder must be on a file system the compute nodes share.
/// </summary>
public sealed class SlurmExecutor(SweepFolder folder, SlurmOptions options, TextWriter log)
{
    public const string NotFound = "sbatch not found: install Slurm or use --executor local";

    /// <summary>Submits; returns the job id. Throws <see cref="InvalidOperationException"/> with a one-line reason.</summary>
    public string Submit(IReadOnlyList<int> indices)
    {
        var sbatch = CommandLineTool.Find("sbatch") ?? throw new InvalidOperationException(NotFound);
        Directory.CreateDirectory(folder.SlurmDirectory);
        var script = Path.Combine(folder.SlurmDirectory, "sweep.sbatch");
        AtomicFile.Write(script, Script());
        string[] arguments = ["--parsable", $"--array={ArrayIndices.Format(indices)}", .. options.Wait ? ["--wait"] : Array.Empty<string>(), script];
        log.WriteLine($"[sweep] sbatch {string.Join(' ', arguments)}");
        var (exitCode, stdout, stderr) = CommandLineTool.Run(sbatch, arguments);
        // --parsable prints "jobid" or "jobid;cluster"; with --wait the exit code is the array's worst, and failed
        // points say why in their own files, so only a missing job id is sbatch's own failure.
        var jobId = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()?.Split(';')[0];
        if (jobId is null || !jobId.All(char.IsAsciiDigit))
            throw new InvalidOperationException(Unreachable(stderr.Trim(), exitCode));
        File.AppendAllText(SlurmJobs.PathIn(folder), $"{jobId} {ArrayIndices.Format(indices)}\n");
        log.WriteLine($"[sweep] submitted job {jobId} ({indices.Count} array tasks); follow it with `llm-interactive sweep status {folder.Directory}`");
        return jobId;
    }

    static string Unreachable(string stderr, int exitCode) =>
        stderr.Contains("contact", StringComparison.OrdinalIgnoreCase) || stderr.Contains("Connection refused", StringComparison.OrdinalIgnoreCase)
            ? $"the Slurm cluster is unreachable (sbatch: {stderr}); check it with `sinfo`, or start a local one with environment/slurm-local.sh start"
            : $"sbatch failed (exit code {exitCode}): {stderr}";

    string Script()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder("#!/bin/bash\n");
        text.AppendLine(c, $"#SBATCH --job-name=llmi-sweep-{Path.GetFileName(folder.Directory)}");
        text.AppendLine(c, $"#SBATCH --output={folder.SlurmDirectory}/%A_%a.out");
        text.AppendLine(c, $"#SBATCH --cpus-per-task={options.CpusPerTask}");
        if (options.Partition is { } partition) text.AppendLine(c, $"#SBATCH --partition={partition}");
        if (options.Time is { } time) text.AppendLine(c, $"#SBATCH --time={time}");
        if (options.Memory is { } memory) text.AppendLine(c, $"#SBATCH --mem={memory}");
        if (options.GpusPerTask is { } gpus) text.AppendLine(c, $"#SBATCH --gpus-per-task={gpus}");
        text.AppendLine("# Written by llm-interactive sweep; each array task runs the point at its index in ../sweep.json.");
        text.AppendLine("# The task's torch threads are the CPUs Slurm gave it.");
        text.AppendLine("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\" MKL_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"");
        var command = PointCommand.Arguments(folder, "$SLURM_ARRAY_TASK_ID");
        text.AppendLine("exec " + string.Join(' ', command.Select(a => a.StartsWith('$') ? $"\"{a}\"" : Quote(a))));
        return text.ToString();
    }

    static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
