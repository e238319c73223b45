namespace LlmInteractive.Kernel.Core;

/// <param name="InterruptGrace">How long an interrupted cell may take to stop before the kernel gives up on it.</param>
/// <param name="HandleSigint">Treat SIGINT as an interrupt (the kernel process does; in-process test kernels do not).</param>
public sealed record KernelOptions(TimeSpan InterruptGrace, bool HandleSigint)
{
    /// <summary>
    /// Report exceptions nothing caught (threads, timers, async void a cell started) and keep the process alive, see
    /// <see cref="UnhandledExceptions"/>: a process-wide policy, so the kernel process sets it and in-process test kernels do not.
    /// </summary>
    public bool SurviveUnhandledExceptions { get; init; }

    public static KernelOptions Default { get; } = new(TimeSpan.FromSeconds(2), HandleSigint: false);

    public const string Implementation = "llm-interactive";

    public static string ImplementationVersion =>
        typeof(KernelOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
