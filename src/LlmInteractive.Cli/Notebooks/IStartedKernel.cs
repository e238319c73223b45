using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>A kernel started for one notebook; disposing it stops it.</summary>
public interface IStartedKernel : IDisposable
{
    /// <summary>Null while the kernel lives; else what is known of why it ended (exit code, last stderr lines).</summary>
    string? ExitProblem { get; }
}

/// <summary>Starts a kernel listening on <paramref name="connection"/>, with <paramref name="workingDirectory"/> as its current directory.</summary>
public delegate IStartedKernel KernelStarter(ConnectionInfo connection, string workingDirectory);
