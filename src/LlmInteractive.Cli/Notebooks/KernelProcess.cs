using System.Diagnostics;
using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>
/// <c>llm-interactive kernel</c> as a child process, started as kernel.json would start it. Its stderr and stdout are
/// forwarded to ours (prefixed) and the last lines kept, to explain a kernel that dies.
/// </summary>
public sealed class KernelProcess : IStartedKernel
{
    const int KeptLines = 40;
    readonly Process process;
    readonly string connectionFile;
    readonly Queue<string> lastLines = new();
    static readonly System.Collections.Concurrent.ConcurrentDictionary<KernelProcess, byte> live = new();

    KernelProcess(Process process, string connectionFile)
    {
        this.process = process;
        this.connectionFile = connectionFile;
    }

    public static KernelStarter Starter(KernelLaunch launch, TextWriter log) => (connection, workingDirectory) => Start(launch, connection, workingDirectory, log);

    /// <param name="runtimeDirectory">Where the connection file goes (default: the user's Jupyter runtime directory).</param>
    public static KernelProcess Start(KernelLaunch launch, ConnectionInfo connection, string workingDirectory, TextWriter log, string? runtimeDirectory = null)
    {
        // As jupyter_client does: kernel-ID.json in the user's private runtime directory, never the shared temp folder.
        runtimeDirectory ??= JupyterRuntimeDirectory.Create();
        JupyterRuntimeDirectory.CreatePrivate(runtimeDirectory);
        var connectionFile = Path.Combine(runtimeDirectory, $"kernel-llmi-{Guid.NewGuid():N}.json");
        connection.Save(connectionFile);
        try
        {
            return Start(launch, connectionFile, workingDirectory, log);
        }
        catch
        {
            File.Delete(connectionFile);
            throw;
        }
    }

    static KernelProcess Start(KernelLaunch launch, string connectionFile, string workingDirectory, TextWriter log)
    {
        var arguments = launch.KernelArguments(connectionFile);
        var start = new ProcessStartInfo(arguments[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // As jupyter_client does: the kernel exits when this process is gone, so a runner killed by SIGKILL leaves no kernel behind.
        start.Environment[ParentProcessWatch.Variable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var argument in arguments.Skip(1)) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var kernel = new KernelProcess(process, connectionFile);
        process.ErrorDataReceived += (_, e) => kernel.Forward(e.Data, log);
        process.OutputDataReceived += (_, e) => kernel.Forward(e.Data, log);
        if (!process.Start()) throw new InvalidOperationException($"Could not start the kernel: {string.Join(' ', arguments)}");
        live[kernel] = 0;
        log.WriteLine($"[run] started the kernel: kernel pid {process.Id}, connection file {connectionFile}");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return kernel;
    }

    void Forward(string? line, TextWriter log)
    {
        if (line is null) return;
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > KeptLines) lastLines.Dequeue();
        }
        log.WriteLine("[kernel] " + line);
    }

    /// <summary>The connection file the kernel was started with (it holds the key).</summary>
    public string ConnectionFile => connectionFile;

    /// <summary>The kernel's process id (to signal it).</summary>
    public int ProcessId => process.Id;

    public string? ExitProblem
    {
        get
        {
            if (!process.HasExited) return null;
            // The untimed wait also waits for the end of stderr, so the runtime's last words (a crash's reason) are in.
            process.WaitForExit();
            lock (lastLines) return $"the kernel process exited with code {process.ExitCode}" + (lastLines.Count > 0 ? ":\n" + string.Join('\n', lastLines) : "");
        }
    }

    public void Dispose()
    {
        try
        {
            // The runner asked for shutdown already; give the kernel a moment to exit on its own before killing it.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
        finally
        {
            live.TryRemove(this, out _);
            File.Delete(connectionFile);
        }
    }

    /// <summary>Kills every kernel still running and deletes its connection file (the process is about to end).</summary>
    public static void KillAll()
    {
        foreach (var kernel in live.Keys)
        {
            try
            {
                if (!kernel.process.HasExited) kernel.process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited meanwhile.
            }
            File.Delete(kernel.connectionFile);
            live.TryRemove(kernel, out _);
        }
    }
}
