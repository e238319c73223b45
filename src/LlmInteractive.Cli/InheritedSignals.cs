using System.Runtime.InteropServices;

namespace LlmInteractive.Cli;

/// <summary>
/// A process started with SIGINT ignored (by <c>nohup</c>, or as a background job of a script) passes that on to its
/// children, and .NET then never delivers SIGINT to a <see cref="PosixSignalRegistration"/>: `run` and `sweep` would
/// not stop on Ctrl+C or SIGINT, nor the kernel interrupt its cell. ipykernel installs its handler whatever it
/// inherited; so does this, by restoring the default before .NET's signal handling starts (the first Console use).
/// </summary>
static class InheritedSignals
{
    const int SigInt = 2;
    static readonly nint Default = 0;

    public static void RestoreInterrupt()
    {
        if (OperatingSystem.IsLinux() && InterruptIgnored()) _ = Signal(SigInt, Default);
    }

    /// <summary>The SigIgn mask of /proc/self/status: bit n − 1 for signal n.</summary>
    static bool InterruptIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
    }

    [DllImport("libc", EntryPoint = "signal")]
    static extern nint Signal(int signal, nint handler);
}
