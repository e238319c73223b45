using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.Win32.SafeHandles;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// Sends what cells write to stdout/stderr to the running cell's output. Managed writes (Console.Out/Error, from any
/// thread the cell's execution context flows into) go to <see cref="CurrentCell"/>'s output; on Linux, file descriptor 1 is also
/// redirected (dup2) to a pipe read by a background thread, so native stdout (libtorch, printf) is captured too; native
/// output cannot tell which thread wrote it, so it goes to the most recently started cell.
/// File descriptor 2 stays the process's stderr, the kernel log: the runtime writes its last words there when it dies
/// (stack overflow, FailFast, fatal errors), and a pipe read by a thread of the dying process would lose them. So native
/// stderr (libtorch warnings) goes to the kernel log, as ipykernel leaves it by default.
/// The kernel's own logging must go to <see cref="OriginalStderr"/>.
/// </summary>
public static class OutputCapture
{
    static readonly object installGate = new();
    static volatile StreamBatcher? latest;
    static bool installed;

    /// <summary>The process's stdout before capture (for the kernel's own output).</summary>
    public static TextWriter OriginalStdout { get; private set; } = Console.Out;

    /// <summary>The process's stderr before capture (for the kernel's own logging).</summary>
    public static TextWriter OriginalStderr { get; private set; } = Console.Error;

    /// <summary>True when file descriptor 1 is redirected, so native stdout is captured.</summary>
    public static bool CapturesNativeOutput { get; private set; }

    /// <summary>Writes a line to the original stderr, outside any cell's output.</summary>
    public static void Log(string message) => OriginalStderr.WriteLine($"[llm-interactive] {message}");

    /// <summary>Installs the capture once per process (later calls do nothing).</summary>
    public static void Install()
    {
        lock (installGate)
        {
            if (installed) return;
            installed = true;
            OriginalStdout = Console.Out;
            OriginalStderr = Console.Error;
            if (OperatingSystem.IsLinux()) TryRedirectNativeStdout();
            Console.SetOut(new RoutingWriter("stdout", () => OriginalStdout));
            Console.SetError(new RoutingWriter("stderr", () => OriginalStderr));
        }
    }

    /// <summary>
    /// Routes native stdout to <paramref name="batcher"/>, the newest cell's, until the scope ends (managed writes follow
    /// <see cref="CurrentCell"/>; native ones cannot tell which thread wrote them).
    /// </summary>
    public static IDisposable RouteNativeOutput(StreamBatcher batcher)
    {
        latest = batcher;
        return new Restore(() =>
        {
            FlushNative();
            if (latest == batcher) latest = null;
        });
    }

    /// <summary>Pushes C stdio buffers into the pipes (libc buffers fully when stdout is a pipe).</summary>
    public static void FlushNative()
    {
        if (!CapturesNativeOutput) return;
        try { _ = Libc.fflush(IntPtr.Zero); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }


    static void TryRedirectNativeStdout()
    {
        try
        {
            var savedOut = Libc.dup(1);
            if (savedOut < 0) return;
            OriginalStdout = WriterOn(savedOut);
            RedirectDescriptor(1, "stdout");
            CapturesNativeOutput = true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            // Without libc we still capture managed output; native prints then go to the terminal/log.
            Log($"native stdout/stderr capture unavailable: {e.Message}");
        }
    }

    static TextWriter WriterOn(int fd) =>
        TextWriter.Synchronized(new StreamWriter(new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true });

    static void RedirectDescriptor(int fd, string name)
    {
        var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var writeEnd = (int)pipe.ClientSafePipeHandle.DangerousGetHandle();
        if (Libc.dup2(writeEnd, fd) < 0) throw new IOException($"dup2 of fd {fd} failed (errno {Marshal.GetLastPInvokeError()})");
        pipe.DisposeLocalCopyOfClientHandle();
        var fallback = OriginalStdout;
        new Thread(() => Pump(pipe, name, fallback)) { IsBackground = true, Name = $"native {name} capture" }.Start();
    }

    static void Pump(Stream pipe, string name, TextWriter fallback)
    {
        var decoder = new UTF8Encoding(false).GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[8192 + 4];
        int read;
        while ((read = pipe.Read(bytes, 0, bytes.Length)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            if (count == 0) continue;
            var text = new string(chars, 0, count);
            if (latest is { } batcher) batcher.Write(name, text);
            else fallback.Write(text);
        }
    }

    /// <summary>
    /// Console.Out/Error replacement. Writes go to the cell whose execution context they run in (threads and tasks a
    /// cell starts inherit it), batched when that is a cell's own output; writes from elsewhere (the kernel's own
    /// threads) go to the original streams, never into a notebook.
    /// </summary>
    sealed class RoutingWriter(string name, Func<TextWriter> fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            switch (CurrentCell.Output)
            {
                case StreamOrderedOutput cell: cell.Batcher.Write(name, value); break;
                case { } output: output.Stream(name, value); break;
                default: fallback().Write(value); break;
            }
        }

        public override void Flush()
        {
            switch (CurrentCell.Output)
            {
                case StreamOrderedOutput cell: cell.Batcher.Flush(); break;
                case null: fallback().Flush(); break;
            }
        }
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    static class Libc
    {
        const string Name = "libc.so.6";

        [DllImport(Name, SetLastError = true)]
        internal static extern int dup(int fd);

        [DllImport(Name, SetLastError = true)]
        internal static extern int dup2(int oldFd, int newFd);

        [DllImport(Name)]
        internal static extern int fflush(IntPtr stream);
    }
}
