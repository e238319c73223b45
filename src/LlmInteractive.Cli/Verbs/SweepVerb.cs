using System.CommandLine;
using LlmInteractive.Cli.Notebooks;
using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Cli.Verbs;

/// <summary>
/// <c>sweep NOTEBOOK --grid NAME=V1,V2... [--points FILE] [--executor local|slurm] --out DIR</c>, <c>sweep status DIR</c>,
/// <c>sweep collect DIR</c>: one headless run of the notebook per parameter set, resumable, on a local pool or Slurm.
/// </summary>
public static class SweepVerb
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb to run once per point (its 'parameters' cell is overridden as with run -p)." };
        var grid = new Option<string[]>("--grid") { Description = "NAME=V1,V2,...: one axis of the grid; several --grid make the cartesian product." };
        var pointsFile = new Option<string?>("--points") { Description = "A JSON array of objects, one point's parameters each, e.g. [{\"seed\": 1}]." };
        var output = new Option<string>("--out") { Description = "The sweep folder: sweep.json, points/ID/ per point, results.csv after collect.", Required = true };
        var executor = new Option<string>("--executor") { Description = "local (a pool of processes on this machine) or slurm (one sbatch --array job).", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var workers = new Option<int>("--workers") { Description = "Local points at once; each gets cores / workers torch threads (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds a cell may run before its point fails (default: no limit)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit per point, e.g. 01:00:00." };
        var memory = new Option<string?>("--mem") { Description = "Slurm memory per point, e.g. 8G." };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "Slurm GPUs per point." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "Slurm CPUs per point (its torch threads).", DefaultValueFactory = _ => 1 };
        var wait = new Option<bool>("--wait") { Description = "Slurm: return only when every submitted point has finished (sbatch --wait)." };
        var command = new Command("sweep", "Run a notebook once per parameter set, resumably, on this machine's cores or a Slurm cluster.")
        {
            notebook, grid, pointsFile, output, executor, workers, timeout, partition, time, memory, gpus, cpus, wait,
            StatusCommand(), CollectCommand(), PointCommand(),
        };
        command.SetAction(parse =>
        {
            SweepManifest manifest;
            IReadOnlyList<SweepPoint> points;
            var folder = new SweepFolder(parse.GetValue(output)!);
            try
            {
                points = [.. SweepPlan.Grid(parse.GetValue(grid) ?? []), .. parse.GetValue(pointsFile) is { } file ? SweepPlan.FromFile(file) : []];
                if (points.Count == 0) throw new ArgumentException("No points: give --grid NAME=V1,V2 or --points FILE.");
                SweepPlan.EnsureDistinct(points);
                if (parse.GetValue(workers) < 1) throw new ArgumentException($"--workers {parse.GetValue(workers)} must be at least 1.");
                var path = Path.GetFullPath(parse.GetValue(notebook)!);
                // Fail before any point runs when the notebook cannot run at all.
                Notebook.Load(path).EnsureCSharp();
                Directory.CreateDirectory(folder.Directory);
                var existing = File.Exists(SweepManifest.PathIn(folder.Directory)) ? SweepManifest.Load(folder.Directory) : null;
                manifest = new SweepManifest(path, points, parse.GetValue(timeout)).MergeInto(existing);
                manifest.Save(folder.Directory);
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"llm-interactive sweep: {e.Message}");
                return 2;
            }
            var wanted = points.Select(p => p.Id).ToHashSet();
            var rows = SweepStatus.Of(folder, manifest).Where(r => wanted.Contains(r.Point.Id)).ToList();
            var toRun = rows.Where(r => r.State != PointState.Done && !r.InFlight).Select(r => r.Index).ToList();
            Console.WriteLine($"[sweep] {rows.Count} points: {rows.Count(r => r.State == PointState.Done)} done before (skipped), " +
                              $"{rows.Count(r => r.InFlight)} already running or queued, {toRun.Count} to run → {folder.Directory}");
            if (toRun.Count == 0) return 0;

            if (parse.GetValue(executor) == "slurm")
            {
                var options = new SlurmOptions(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(memory), parse.GetValue(gpus), parse.GetValue(cpus), parse.GetValue(wait));
                try
                {
                    new SlurmExecutor(folder, options, Console.Out).Submit(toRun);
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine($"llm-interactive sweep: {e.Message}");
                    return 2;
                }
                if (!options.Wait) return 0;
                return Summarise(folder, manifest, toRun);
            }
            using var signals = RunSignals.Register();
            new LocalExecutor(folder, manifest, parse.GetValue(workers), Console.Out).Run(toRun, signals.Stop);
            if (signals.Name is null) return Summarise(folder, manifest, toRun);
            var done = SweepStatus.Of(folder, manifest).Count(r => toRun.Contains(r.Index) && r.State == PointState.Done);
            Console.WriteLine($"[sweep] stopped by {signals.Name}: {done} of {toRun.Count} points done; rerun the same command to run the others");
            return signals.ExitCode;
        });
        return command;
    }

    /// <summary>Prints how the points just run ended; 1 when any of them failed.</summary>
    static int Summarise(SweepFolder folder, SweepManifest manifest, IReadOnlyList<int> indices)
    {
        var rows = SweepStatus.Of(folder, manifest).Where(r => indices.Contains(r.Index)).ToList();
        var failed = rows.Where(r => r.State != PointState.Done).ToList();
        foreach (var row in failed) Console.Error.WriteLine($"[sweep] {row.Point.Id}: {row.State.ToString().ToLowerInvariant()}: {row.Detail}");
        Console.WriteLine($"[sweep] {rows.Count - failed.Count} of {rows.Count} points done" + (failed.Count > 0 ? "; rerun the same command to retry the others" : ""));
        return failed.Count == 0 ? 0 : 1;
    }

    static Argument<string> FolderArgument() => new("dir") { Description = "The sweep folder (--out of the sweep)." };

    static Command StatusCommand()
    {
        var directory = FolderArgument();
        var command = new Command("status", "Each point: pending, running, done or failed (from its files, and squeue/sacct for Slurm).") { directory };
        command.SetAction(parse => WithManifest(parse.GetValue(directory)!, (folder, manifest) =>
        {
            var rows = SweepStatus.Of(folder, manifest);
            foreach (var row in rows)
                Console.WriteLine($"{row.Index,4}  {row.State.ToString().ToLowerInvariant(),-8} {row.Point.Id}{(row.Detail is null ? "" : $"  ({row.Detail})")}");
            Console.WriteLine($"{rows.Count} points: " + string.Join(", ", Enum.GetValues<PointState>().Select(s => $"{rows.Count(r => r.State == s)} {s.ToString().ToLowerInvariant()}")));
            return 0;
        }));
        return command;
    }

    static Command CollectCommand()
    {
        var directory = FolderArgument();
        var command = new Command("collect", "Gather every done point into DIR/results.csv and DIR/results.json (parameters as columns, then the results).") { directory };
        command.SetAction(parse => WithManifest(parse.GetValue(directory)!, (folder, manifest) =>
        {
            var table = SweepTable.Collect(folder, manifest);
            SweepTable.Write(table, folder.Directory);
            var missing = manifest.Points.Count - table.Rows.Count;
            Console.WriteLine($"[sweep] collected {table.Rows.Count} of {manifest.Points.Count} points into {Path.Combine(folder.Directory, "results.csv")} and results.json" +
                              (missing > 0 ? $"; {missing} not done (see `llm-interactive sweep status {folder.Directory}`)" : ""));
            return 0;
        }));
        return command;
    }

    /// <summary>One point in this process: what each local worker and each Slurm array task runs.</summary>
    static Command PointCommand()
    {
        var directory = FolderArgument();
        var index = new Option<int?>("--index") { Description = "The point's position in sweep.json (default: $SLURM_ARRAY_TASK_ID)." };
        var command = new Command("point", "Run one point of a sweep (what the executors start).") { directory, index };
        command.Hidden = true;
        command.SetAction(parse => WithManifest(parse.GetValue(directory)!, (folder, manifest) =>
        {
            var position = parse.GetValue(index)
                ?? (int.TryParse(Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID"), System.Globalization.CultureInfo.InvariantCulture, out var task) ? task : null);
            if (position is not { } i || i < 0 || i >= manifest.Points.Count)
            {
                Console.Error.WriteLine($"llm-interactive sweep point: --index must be 0 to {manifest.Points.Count - 1} (or set SLURM_ARRAY_TASK_ID).");
                return 2;
            }
            // Started by a local sweep: it forwards the stop, and when it is gone this point stops too.
            var sweep = Environment.GetEnvironmentVariable(Sweeps.PointCommand.SweepProcessVariable);
            using var signals = RunSignals.Register(ignoreInterrupt: sweep is not null);
            using var sweepWatch = LlmInteractive.Kernel.Core.ParentProcessWatch.Start(TimeSpan.FromSeconds(1), () => signals.StopBecause("its sweep is gone"),
                name => name == LlmInteractive.Kernel.Core.ParentProcessWatch.Variable ? sweep : null);
            var exitCode = PointRun.Run(folder, manifest, i, Console.Error, signals.Stop, stopIsFailure: sweep is null);
            return signals.Name is not null ? signals.ExitCode : exitCode;
        }));
        return command;
    }

    static int WithManifest(string directory, Func<SweepFolder, SweepManifest, int> action)
    {
        var folder = new SweepFolder(directory);
        SweepManifest manifest;
        try
        {
            manifest = SweepManifest.Load(folder.Directory);
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"llm-interactive sweep: {e.Message}");
            return 2;
        }
        return action(folder, manifest);
    }
}
