using System.Diagnostics;
using LlmInteractive.Cli.KernelSpecs;
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

    KernelProcess(Process process, string connectionFile)
    {
        this.process = process;
        this.connectionFile = connectionFile;
    }

    public static KernelStarter Starter(KernelLaunch launch, TextWriter log) => (connection, workingDirectory) => Start(launch, connection, workingDirectory, log);

    public static KernelProcess Start(KernelLaunch launch, ConnectionInfo connection, string workingDirectory, TextWriter log)
    {
        var connectionFile = Path.Combine(Path.GetTempPath(), $"llmi-kernel-{Guid.NewGuid():N}.json");
        connection.Save(connectionFile);
        var arguments = launch.KernelArguments(connectionFile);
        var start = new ProcessStartInfo(arguments[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Skip(1)) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var kernel = new KernelProcess(process, connectionFile);
        process.ErrorDataReceived += (_, e) => kernel.Forward(e.Data, log);
        process.OutputDataReceived += (_, e) => kernel.Forward(e.Data, log);
        if (!process.Start()) throw new InvalidOperationException($"Could not start the kernel: {string.Join(' ', arguments)}");
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

    /// <summary>The kernel's process id (to signal it).</summary>
    public int ProcessId => process.Id;

    public string? ExitProblem
    {
        get
        {
            if (!process.HasExited) return null;
            lock (lastLines) return $"the kernel process exited with code {process.ExitCode}" + (lastLines.Count > 0 ? ":\n" + string.Join('\n', lastLines) : "");
        }
    }

    public void Dispose()
    {
        // The runner asked for shutdown already; give the kernel a moment to exit on its own before killing it.
        if (!process.WaitForExit(TimeSpan.FromSeconds(5))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        File.Delete(connectionFile);
    }
}
