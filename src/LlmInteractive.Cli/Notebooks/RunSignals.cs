using System.Runtime.InteropServices;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>
/// SIGINT (Ctrl+C), SIGTERM and SIGHUP for <c>run</c>: the first one stops the run, so the runner shuts its kernel
/// down, deletes the connection file and writes the partial notebook; a second one kills the kernels at once and
/// lets the process end. Whatever ends the process, its kernels are killed on the way out. A sweep's point ignores
/// SIGINT (<c>ignoreInterrupt</c>): Ctrl+C reaches every process of the terminal's group, and the point's stop comes
/// from its sweep as one SIGTERM instead, so the two signals do not count as a second one.
/// </summary>
public sealed class RunSignals : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly List<PosixSignalRegistration> registrations = [];
    readonly EventHandler onExit = (_, _) => KernelProcess.KillAll();
    int received;

    RunSignals(bool ignoreInterrupt)
    {
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP])
        {
            if (signal == PosixSignal.SIGHUP && OperatingSystem.IsWindows()) continue;
            registrations.Add(signal == PosixSignal.SIGINT && ignoreInterrupt
                ? PosixSignalRegistration.Create(signal, context => context.Cancel = true)
                : PosixSignalRegistration.Create(signal, OnSignal));
        }
        AppDomain.CurrentDomain.ProcessExit += onExit;
    }

    public static RunSignals Register(bool ignoreInterrupt = false) => new(ignoreInterrupt);

    /// <summary>Stops as a first signal would, for a reason that is no signal (e.g. "its sweep is gone").</summary>
    public void StopBecause(string reason)
    {
        if (Interlocked.Increment(ref received) != 1) return;
        Name = reason;
        Console.Error.WriteLine($"[run] {reason}: stopping the kernel");
        stop.Cancel();
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Stop => stop.Token;

    /// <summary>The signal that stopped the run (e.g. "SIGTERM"), or null.</summary>
    public string? Name { get; private set; }

    /// <summary>The shell's convention: 128 + the signal number.</summary>
    public int ExitCode => Name switch { "SIGINT" => 130, "SIGTERM" => 143, "SIGHUP" => 129, _ => 1 };

    void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref received) == 1)
        {
            Name = context.Signal.ToString();
            Console.Error.WriteLine($"[run] {Name}: stopping the kernel (send it again to kill it at once)");
            context.Cancel = true;
            stop.Cancel();
            return;
        }
        KernelProcess.KillAll();
        context.Cancel = false;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= onExit;
        registrations.ForEach(r => r.Dispose());
        stop.Dispose();
    }
}
