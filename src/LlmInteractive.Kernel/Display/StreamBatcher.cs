using System.Text;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// Collects stdout/stderr text of one cell and forwards it as Stream() calls: at once when a line ends, else after a
/// short time window, so a cell that prints then works shows its output while it runs, without one message per char.
/// </summary>
public sealed class StreamBatcher : IDisposable
{
    static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    readonly IExecutionOutput output;
    readonly object gate = new();
    readonly object sending = new();
    readonly StringBuilder stdout = new();
    readonly StringBuilder stderr = new();
    readonly Timer timer;
    bool timerArmed;
    bool disposed;

    public StreamBatcher(IExecutionOutput output)
    {
        this.output = output;
        timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Adds text to "stdout" or "stderr"; a newline sends the stream's pending text now.</summary>
    public void Write(string name, string text)
    {
        if (text.Length == 0) return;
        bool direct, flushNow = false;
        lock (gate)
        {
            // After the cell ended (a runaway or background thread still printing), text goes out unbatched.
            direct = disposed;
            if (!direct)
            {
                (name == "stderr" ? stderr : stdout).Append(text);
                flushNow = text.Contains('\n');
                if (!flushNow && !timerArmed)
                {
                    timerArmed = true;
                    timer.Change(Window, Timeout.InfiniteTimeSpan);
                }
            }
        }
        if (direct) SafeStream(name, text);
        else if (flushNow) Flush();
    }

    /// <summary>Sends everything pending (stderr first is not guaranteed; each stream keeps its own order).</summary>
    public void Flush()
    {
        // One flush at a time, so text taken earlier is never sent after text taken later.
        lock (sending)
        {
            string? outText = null, errText = null;
            lock (gate)
            {
                timerArmed = false;
                if (stdout.Length > 0) { outText = stdout.ToString(); stdout.Clear(); }
                if (stderr.Length > 0) { errText = stderr.ToString(); stderr.Clear(); }
            }
            if (outText is not null) SafeStream("stdout", outText);
            if (errText is not null) SafeStream("stderr", errText);
        }
    }

    void SafeStream(string name, string text)
    {
        // The sink belongs to the kernel core; a failure there must not surface inside user code that printed.
        try { output.Stream(name, text); }
        catch (Exception e) when (e is not OutOfMemoryException) { OutputCapture.Log($"stream output failed: {e.Message}"); }
    }

    public void Dispose()
    {
        // Mark first: later writes go out directly, and the flush below takes everything written before.
        lock (gate) disposed = true;
        Flush();
        timer.Dispose();
    }
}
