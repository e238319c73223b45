using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Protocol;

/// <summary>An in-process kernel over real ZeroMQ sockets on loopback, with a connected test client.</summary>
sealed class KernelHarness : IDisposable
{
    /// <summary>Only catches hangs: a loaded machine may take seconds for what usually takes milliseconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public KernelHarness(KernelOptions? options = null)
    {
        Connection = ConnectionInfo.CreateLocal();
        Kernel = new JupyterKernel(Connection, Interpreter, options ?? KernelOptions.Default, TextWriter.Synchronized(log));
        Run = Kernel.RunAsync();
        Client = new KernelClient(Connection);
        Client.WaitForReady(Timeout);
    }

    public ConnectionInfo Connection { get; }
    public ScriptedInterpreter Interpreter { get; } = new();
    readonly StringWriter log = new();
    /// <summary>What the kernel wrote to its log (stderr in the real process).</summary>
    public string LogText => log.ToString();
    public JupyterKernel Kernel { get; }
    public Task<bool> Run { get; }
    public KernelClient Client { get; }

    public void Dispose()
    {
        Interpreter.ReleaseHang = true;
        if (!Run.IsCompleted)
        {
            var request = Client.Send(KernelChannel.Control, "shutdown_request", new() { ["restart"] = false });
            Client.ReceiveReply(KernelChannel.Control, request, TimeSpan.FromSeconds(5));
            Run.Wait(TimeSpan.FromSeconds(5));
        }
        Client.Dispose();
        Kernel.Dispose();
    }
}
