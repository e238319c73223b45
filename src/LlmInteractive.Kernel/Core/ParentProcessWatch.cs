using System.Diagnostics;
using System.Globalization;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// Ends the kernel when the process that started it is gone, as ipykernel's parent poller does: jupyter_client
/// (and <c>llm-interactive run</c>) put their pid in <c>JPY_PARENT_PID</c>, and a kernel whose front end died of
/// SIGKILL would otherwise live on with nobody to talk to. Polled once a second: one small /proc read.
/// </summary>
public sealed class ParentProcessWatch : IDisposable
{
    public const string Variable = "JPY_PARENT_PID";

    readonly CancellationTokenSource gone = new();
    readonly Timer? timer;
    readonly Func<bool> parentAlive;

    ParentProcessWatch(Func<bool>? parentAlive, TimeSpan interval, Action? onGone)
    {
        this.parentAlive = parentAlive ?? (() => true);
        if (parentAlive is null) return;
        timer = new Timer(_ =>
        {
            try
            {
                if (gone.IsCancellationRequested || this.parentAlive()) return;
                onGone?.Invoke();
                gone.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The watch was disposed while this tick ran.
            }
        }, null, interval, interval);
    }

    /// <summary>Cancelled once the parent is gone; never cancelled when there is no parent to watch.</summary>
    public CancellationToken ParentGone => gone.Token;

    /// <summary>The pid being watched, or null when <c>JPY_PARENT_PID</c> is unset or not a live process.</summary>
    public int? ParentPid { get; private init; }

    /// <summary>Watches the pid in <c>JPY_PARENT_PID</c> (nothing when unset, 0, 1, or not a number).</summary>
    public static ParentProcessWatch Start(TimeSpan interval, Action? onGone = null, Func<string, string?>? environment = null)
    {
        var text = (environment ?? Environment.GetEnvironmentVariable)(Variable);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
            return new ParentProcessWatch(null, interval, null);
        return new ParentProcessWatch(AliveCheck(pid), interval, onGone) { ParentPid = pid };
    }

    /// <summary>
    /// When the parent is our actual parent (the usual case), it is gone once we are re-parented: that sees a
    /// zombie parent as gone and is immune to pid reuse. Otherwise (a launcher in between) the pid is probed.
    /// </summary>
    static Func<bool> AliveCheck(int pid)
    {
        if (OperatingSystem.IsLinux() && OwnParentPid() == pid) return () => OwnParentPid() == pid;
        return () => ProcessExists(pid);
    }

    static bool ProcessExists(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A zombie (Z) or dead (X) process is as good as gone.
            return StatFields($"/proc/{pid}/stat") is [var state, ..] && state is not ("Z" or "X");
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        timer?.Dispose();
        gone.Dispose();
    }

    /// <summary>getppid() without native code: the fourth field of /proc/self/stat (-1 when unreadable).</summary>
    static int OwnParentPid() =>
        StatFields("/proc/self/stat") is [_, var ppid, ..] && int.TryParse(ppid, NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : -1;

    /// <summary>The fields of a /proc stat file after "pid (comm)" (comm may hold spaces and parentheses), or null.</summary>
    static string[]? StatFields(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            return stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
