using System.Text.Json;
using System.Text.Json.Nodes;
using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Cli.Notebooks;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// Runs one point of a sweep in this process, with the same runner as <c>llm-interactive run</c>: the executed
/// notebook goes to the point's folder, then its last application/json output to results.json, or the failure to
/// error.txt. Both executors (the local pool's workers, a Slurm array task) end up here.
/// </summary>
public static class PointRun
{
    /// <summary>0 when the point is done (now or before), 1 when it failed or was stopped.</summary>
    /// <param name="stopIsFailure">
    /// Whether a stop leaves error.txt. A Slurm task's SIGTERM is its time limit or scancel, worth recording; a local
    /// worker is stopped by its sweep, which the user stopped on purpose: it is left pending, without an error.
    /// </param>
    public static int Run(SweepFolder folder, SweepManifest manifest, int index, TextWriter log, CancellationToken stop, bool stopIsFailure = true)
    {
        var point = manifest.Points[index];
        if (File.Exists(folder.ResultsPath(point)))
        {
            log.WriteLine($"[sweep] {point.Id}: done before, skipped");
            return 0;
        }
        var directory = folder.PointDirectory(point);
        System.IO.Directory.CreateDirectory(directory);
        File.Delete(folder.ErrorPath(point));
        folder.MarkRunning(point);
        // The runner writes the notebook as it goes; a staging folder keeps a half-written one out of the point's folder.
        var staging = Path.Combine(directory, $".staging-{Environment.ProcessId}");
        try
        {
            var options = new NotebookRunOptions(staging, point.Parameters,
                manifest.CellTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, TimeSpan.FromSeconds(120));
            var runner = new NotebookRunner(KernelProcess.Starter(KernelLaunch.Current(), log), log);
            string? error;
            try
            {
                var result = runner.Run(manifest.Notebook, options, stop);
                var executed = Path.Combine(directory, Path.GetFileName(manifest.Notebook));
                AtomicFile.MoveInto(result.OutputPath, executed);
                error = result.Failure?.ToString();
                if (error is null)
                {
                    if (LastJsonOutput(executed) is { } results) AtomicFile.Write(folder.ResultsPath(point), results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
                    else error = $"{Path.GetFileName(manifest.Notebook)} ran but displays no application/json results (end it with results.Display(\"application/json\"))";
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or TimeoutException or UnauthorizedAccessException
                                       or System.ComponentModel.Win32Exception)
            {
                error = e.Message;
            }
            if (error is null)
            {
                log.WriteLine($"[sweep] {point.Id}: done");
                return 0;
            }
            // Stopped (its cell abandoned, or interrupted by the same Ctrl+C): the point is simply not done.
            if (stop.IsCancellationRequested && !stopIsFailure)
            {
                log.WriteLine($"[sweep] {point.Id}: stopped before it finished ({error}); it has no results, so a rerun runs it again");
                return 1;
            }
            AtomicFile.Write(folder.ErrorPath(point), error + "\n");
            log.WriteLine($"[sweep] {point.Id}: failed: {error}");
            return 1;
        }
        finally
        {
            File.Delete(folder.RunningPath(point));
            if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The last application/json output of an executed notebook (its results, by the notebooks' convention).</summary>
    public static JsonObject? LastJsonOutput(string executedNotebook)
    {
        JsonObject? last = null;
        var cells = JsonNode.Parse(File.ReadAllText(executedNotebook))!["cells"]!.AsArray();
        foreach (var cell in cells)
            foreach (var output in cell?["outputs"]?.AsArray() ?? [])
                if (output?["data"]?["application/json"] is JsonObject json) last = json;
        return last?.DeepClone().AsObject();
    }
}
