using System.Runtime.ExceptionServices;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// Keeps the kernel process alive when code a cell started throws where nothing catches it: on a Thread of its own,
/// a thread-pool work item, a timer callback or an <c>async void</c> method. .NET would end the process for any of
/// them (ipykernel survives both kinds); .NET 10's unhandled-exception handler lets a REPL host decide instead. The
/// exception is reported (the kernel log first, synchronously, then the notebook) and that thread's work is dropped.
/// A process-wide setting: the kernel process turns it on (<see cref="KernelOptions.SurviveUnhandledExceptions"/>);
/// in-process kernels (tests) leave their host's policy alone.
/// </summary>
public static class UnhandledExceptions
{
    static readonly Lock gate = new();
    static bool installed;
    static Func<Exception, bool>? report;

    /// <summary>
    /// Sends later unhandled exceptions to <paramref name="onException"/> (replacing an earlier one), which reports them
    /// and answers whether the process survives them; false when another handler was already set in this process (then
    /// .NET's default stays).
    /// </summary>
    public static bool Install(Func<Exception, bool> onException)
    {
        lock (gate)
        {
            report = onException;
            if (installed) return true;
            try
            {
                ExceptionHandling.SetUnhandledExceptionHandler(Handle);
                installed = true;
            }
            catch (InvalidOperationException)
            {
                // Someone else in the process owns the policy.
            }
            return installed;
        }
    }

    static bool Handle(Exception exception)
    {
        try
        {
            return report?.Invoke(exception) ?? false;
        }
        catch (Exception)
        {
            // Reporting must never turn a survivable exception into a crash.
            return true;
        }
    }
}
