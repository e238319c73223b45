namespace LlmInteractive.Kernel.Tests.Sweeps;

/// <summary>The same points through a real Slurm (the single-node cluster of environment/slurm-local.sh) and the local pool.</summary>
[Collection(nameof(LocalSweepTests))]
public sealed class SlurmSweepTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("llmi-sweep-slurm-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SlurmFact]
    public void The_slurm_executor_collects_the_same_table_as_the_local_pool()
    {
        // Slurm's CPUs per task are the local workers' share of the cores, so even the threads column agrees.
        const int workers = 2;
        var threads = Math.Max(1, Environment.ProcessorCount / workers).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] grid = ["--grid", "seed=3,4", "--grid", "scale=0.5"];
        var local = Path.Combine(folder, "local");
        var slurm = Path.Combine(folder, "slurm");

        var localRun = SweepCli.Run(["sweep", SweepCli.TinyNotebook, .. grid, "--workers", $"{workers}", "--out", local]);
        Assert.True(localRun.ExitCode == 0, SweepCli.Log(localRun, local));
        var slurmRun = SweepCli.Run(["sweep", SweepCli.TinyNotebook, .. grid, "--executor", "slurm", "--cpus-per-task", threads, "--wait", "--out", slurm]);
        Assert.True(slurmRun.ExitCode == 0, SweepCli.Log(slurmRun, slurm));
        Assert.Contains("submitted job", slurmRun.Stdout);
        Assert.Contains("--array=0-1", slurmRun.Stdout);

        Assert.Equal(0, SweepCli.Run(["sweep", "collect", local]).ExitCode);
        Assert.Equal(0, SweepCli.Run(["sweep", "collect", slurm]).ExitCode);
        var table = File.ReadAllText(Path.Combine(local, "results.csv"));
        Assert.Equal(3, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(table, File.ReadAllText(Path.Combine(slurm, "results.csv")));

        // Resubmitting a finished sweep submits nothing.
        var again = SweepCli.Run(["sweep", SweepCli.TinyNotebook, .. grid, "--executor", "slurm", "--wait", "--out", slurm]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("2 done before (skipped)", again.Stdout);
        Assert.DoesNotContain("submitted job", again.Stdout);
    }
}
