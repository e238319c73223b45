using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Kernel.Tests.Sweeps;

/// <summary>
/// A test that needs a Slurm cluster with an idle node (environment/slurm-local.sh start); skipped, saying why,
/// where there is none, so the summary counts it as skipped, never as passed.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (CommandLineTool.Find("sinfo") is not { } sinfo || CommandLineTool.Find("sbatch") is null)
        {
            Skip = "Slurm is not installed (sinfo, sbatch): run environment/slurm-local.sh start";
            return;
        }
        var (exitCode, stdout, stderr) = CommandLineTool.Run(sinfo, ["-h", "-N", "-o", "%T"], TimeSpan.FromSeconds(10));
        if (exitCode != 0 || !stdout.Split('\n').Any(s => s.Trim() is "idle" or "mixed"))
            Skip = $"no idle Slurm node ({(exitCode != 0 ? stderr.Trim() : stdout.Trim())}): run environment/slurm-local.sh start";
    }
}
