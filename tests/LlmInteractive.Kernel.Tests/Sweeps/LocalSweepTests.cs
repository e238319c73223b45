using System.Globalization;
using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Kernel.Tests.Sweeps;

/// <summary>tests/notebooks/sweep/tiny-sweep.ipynb swept by the built CLI on the local pool.</summary>
[Collection(nameof(LocalSweepTests))]
public sealed class LocalSweepTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("llmi-sweep-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_grid_runs_every_point_collects_one_table_and_a_rerun_skips_them_all()
    {
        var output = Path.Combine(folder, "grid");
        var sweep = SweepCli.Run(["sweep", SweepCli.TinyNotebook, "--grid", "seed=1,2", "--grid", "scale=1,2.5", "--workers", "2", "--out", output]);
        Assert.True(sweep.ExitCode == 0, SweepCli.Log(sweep, output));

        var points = Directory.GetDirectories(Path.Combine(output, "points")).Order().ToList();
        Assert.Equal(["scale=1", "scale=2.5", "scale=1", "scale=2.5"], points.Select(p => Path.GetFileName(p).Split(',')[1]));
        Assert.All(points, p => Assert.True(File.Exists(Path.Combine(p, "results.json")) && File.Exists(Path.Combine(p, "tiny-sweep.ipynb")), p));
        var written = points.Select(p => File.GetLastWriteTimeUtc(Path.Combine(p, "results.json"))).ToList();

        Assert.Equal(0, SweepCli.Run(["sweep", "collect", output]).ExitCode);
        var lines = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal("point,seed,scale,mean,spread,threads", lines[0]);
        var rows = lines.Skip(1).Select(Row).ToDictionary(r => (r[1], r[2]));
        Assert.Equal(4, rows.Count);
        foreach (var seed in (string[])["1", "2"])
        {
            // The same seed draws the same numbers; scale multiplies them: the parameters reached the notebook.
            Assert.Equal(2.5 * Number(rows[(seed, "1")][3]), Number(rows[(seed, "2.5")][3]), 5);
            Assert.Equal(2.5 * Number(rows[(seed, "1")][4]), Number(rows[(seed, "2.5")][4]), 5);
        }
        Assert.NotEqual(Number(rows[("1", "1")][3]), Number(rows[("2", "1")][3]));
        // Two workers share the cores: each point's libtorch got cores / 2 threads.
        Assert.All(rows.Values, r => Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), Number(r[5])));

        var rerun = SweepCli.Run(["sweep", SweepCli.TinyNotebook, "--grid", "seed=1,2", "--grid", "scale=1,2.5", "--workers", "2", "--out", output]);
        Assert.True(rerun.ExitCode == 0, SweepCli.Log(rerun, output));
        Assert.Contains("4 points: 4 done before (skipped)", rerun.Stdout);
        Assert.Equal(written, points.Select(p => File.GetLastWriteTimeUtc(Path.Combine(p, "results.json"))));
    }

    [Fact]
    public void A_failing_point_leaves_its_error_and_notebook_the_others_complete_and_a_rerun_retries_only_it()
    {
        var output = Path.Combine(folder, "failing");
        var pointsFile = Path.Combine(folder, "points.json");
        File.WriteAllText(pointsFile, """[{"seed": 1}, {"seed": 2, "fail": true}, {"seed": 3}]""");
        var sweep = SweepCli.Run(["sweep", SweepCli.TinyNotebook, "--points", pointsFile, "--out", output]);

        Assert.True(sweep.ExitCode == 1, SweepCli.Log(sweep));
        var sweepFolder = new SweepFolder(output);
        var manifest = SweepManifest.Load(output);
        Assert.Equal([PointState.Done, PointState.Failed, PointState.Done], manifest.Points.Select(p => sweepFolder.State(p).State));
        var failed = manifest.Points[1];
        Assert.Contains("fails on purpose", File.ReadAllText(sweepFolder.ErrorPath(failed)));
        Assert.Contains("fails on purpose", File.ReadAllText(Path.Combine(sweepFolder.PointDirectory(failed), "tiny-sweep.ipynb")));
        Assert.False(File.Exists(sweepFolder.ResultsPath(failed)));

        var status = SweepCli.Run(["sweep", "status", output]);
        Assert.Contains("3 points: 0 pending, 0 running, 2 done, 1 failed", status.Stdout);
        Assert.Contains("failed   seed=2,fail=true  (cell", status.Stdout);

        var rerun = SweepCli.Run(["sweep", SweepCli.TinyNotebook, "--points", pointsFile, "--out", output]);
        Assert.Equal(1, rerun.ExitCode);
        Assert.Contains("3 points: 2 done before (skipped), 0 already running or queued, 1 to run", rerun.Stdout);
    }

    [Fact]
    public void The_slurm_executor_without_sbatch_says_so_and_runs_nothing()
    {
        var dotnet = Path.GetDirectoryName(LlmInteractive.Cli.KernelSpecs.KernelLaunch.Current().Host[0])!;
        var output = Path.Combine(folder, "no-slurm");
        var sweep = SweepCli.Run(["sweep", SweepCli.TinyNotebook, "--grid", "seed=1", "--executor", "slurm", "--out", output],
            new Dictionary<string, string> { ["PATH"] = dotnet });

        Assert.Equal(2, sweep.ExitCode);
        Assert.Contains("sbatch not found: install Slurm or use --executor local", sweep.Stderr);
        Assert.False(Directory.Exists(Path.Combine(output, "points")));
    }

    internal static string[] Row(string line)
    {
        // The point id is quoted (it holds commas); the other cells are plain.
        var id = line[1..line.IndexOf('"', 1)];
        return [id, .. line[(id.Length + 3)..].Split(',')];
    }

    internal static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
