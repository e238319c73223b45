using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Cli.Notebooks;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Cli;

/// <summary>
/// The kernel process, as the runner starts it, when a cell's code fails outside the cell: an exception on a thread
/// the cell started, from async void or a timer is reported (iopub and the kernel log) and the kernel lives on; a
/// crash .NET cannot survive (stack overflow, FailFast) leaves the runtime's last words where the runner shows them.
/// </summary>
[Collection(nameof(EndToEndTests))]
public sealed class KernelCrashTests : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    readonly string folder = Directory.CreateTempSubdirectory("llmi-crash-").FullName;
    readonly StringWriter log = new();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    (KernelProcess Kernel, KernelClient Client) Start()
    {
        var connection = ConnectionInfo.CreateLocal();
        var kernel = KernelProcess.Start(KernelLaunch.Current(), connection, folder, TextWriter.Synchronized(log));
        var client = new KernelClient(connection);
        client.WaitForReady(Timeout);
        Assert.Equal("ok", client.Execute("1+1", Timeout).Reply!.GetString("status"));
        return (kernel, client);
    }

    [Theory]
    [InlineData("new Thread(() => throw new InvalidOperationException(\"boom from a thread\")).Start();", "boom from a thread")]
    [InlineData("async void Later() { await Task.Yield(); throw new InvalidOperationException(\"boom from async void\"); }\nLater();", "boom from async void")]
    [InlineData("var timer = new Timer(_ => throw new InvalidOperationException(\"boom from a timer\"), null, 10, Timeout.Infinite);", "boom from a timer")]
    public void An_exception_outside_the_cell_is_reported_and_the_kernel_lives_on(string code, string message)
    {
        var (kernel, client) = Start();
        using (kernel)
        using (client)
        {
            var execute = client.SendExecute(code);
            var report = WaitForStderr(kernel, client, execute, message);
            Assert.Contains("InvalidOperationException", report);
            Assert.Contains("keeps running", report);
            Assert.Equal("ok", client.Execute("40 + 2", Timeout).Reply!.GetString("status"));
            Assert.Null(kernel.ExitProblem);
            Assert.Contains(message, log.ToString());
            Shutdown(client);
        }
    }

    [Theory]
    [InlineData("int Deeper(int n) => Deeper(n + 1) + 1;\nDeeper(0)", "Stack overflow")]
    [InlineData("Environment.FailFast(\"the reason it had to stop\");", "the reason it had to stop")]
    public void A_crash_leaves_the_runtimes_last_words_where_the_runner_shows_them(string code, string words)
    {
        var (kernel, client) = Start();
        using (kernel)
        using (client)
        {
            client.SendExecute(code);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (kernel.ExitProblem is null)
            {
                Assert.True(clock.Elapsed < Timeout, "the kernel did not die");
                Thread.Sleep(50);
            }
            Assert.Contains(words, kernel.ExitProblem);
        }
    }

    /// <summary>The stderr text published for <paramref name="execute"/> once it contains <paramref name="text"/>.</summary>
    static string WaitForStderr(KernelProcess kernel, KernelClient client, JupyterMessage execute, string text)
    {
        var seen = "";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!seen.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < Timeout, $"no stderr report containing '{text}'; saw: {seen}");
            Assert.Null(kernel.ExitProblem);
            if (client.Receive(KernelChannel.IoPub, TimeSpan.FromMilliseconds(100)) is { MessageType: "stream" } m
                && m.ParentHeader?.MessageId == execute.Header.MessageId && m.GetString("name") == "stderr")
                seen += m.GetString("text");
        }
        return seen;
    }

    static void Shutdown(KernelClient client)
    {
        var shutdown = client.Send(KernelChannel.Control, "shutdown_request", new() { ["restart"] = false });
        Assert.NotNull(client.ReceiveReply(KernelChannel.Control, shutdown, TimeSpan.FromSeconds(10)));
    }
}
