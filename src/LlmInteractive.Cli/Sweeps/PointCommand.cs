using System.Diagnostics;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// The command line of one point, <c>llm-interactive sweep point DIR --index I</c>, with this build's absolute paths
/// so a Slurm compute node that shares the file system starts the same build.
/// </summary>
public static class PointCommand
{
    /// <summary>
    /// Set by the local executor to its pid in each point's environment: the point then ignores SIGINT (its sweep
    /// forwards the stop as SIGTERM) and stops by itself when the sweep process is gone, so none outlives it.
    /// </summary>
    public const string SweepProcessVariable = "LLMI_SWEEP_PID";

    public static IReadOnlyList<string> Arguments(SweepFolder folder, string index) =>
        [.. KernelLaunch.Current().Host, "sweep", "point", folder.Directory, "--index", index];

    /// <summary>
    /// The thread-count variables libtorch's OpenMP and MKL read at start, so each point's kernel uses its share of
    /// the cores (a notebook that calls torch.set_num_threads itself still decides for itself).
    /// </summary>
    public static void LimitThreads(ProcessStartInfo start, int threads)
    {
        var text = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["OMP_NUM_THREADS"] = text;
        start.Environment["MKL_NUM_THREADS"] = text;
    }
}
