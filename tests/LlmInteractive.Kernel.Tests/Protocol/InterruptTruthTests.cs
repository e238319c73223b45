using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Protocol;

/// <summary>
/// The kernel alone decides when an interrupted C# cell is given up on, and every message about it says the same
/// thing: interrupt_reply "ok" only when the cell stopped; otherwise one ename and text in interrupt_reply,
/// execute_reply and the iopub error. The grace period is longer than the interpreter's own 2 s timer was, which
/// made interrupt_reply say "ok" while the cell kept spinning.
/// </summary>
[Collection(Interpreter.InterpreterCollection.Name)]
public sealed class InterruptTruthTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    sealed class Kernel : IDisposable
    {
        public Kernel(TimeSpan grace)
        {
            Connection = ConnectionInfo.CreateLocal();
            Core = new JupyterKernel(Connection, new CSharpInterpreter(), KernelOptions.Default with { InterruptGrace = grace }, TextWriter.Synchronized(Log));
            Run = Core.RunAsync();
            Client = new KernelClient(Connection);
            Client.WaitForReady(Timeout);
        }

        public ConnectionInfo Connection { get; }
        public JupyterKernel Core { get; }
        public Task<bool> Run { get; }
        public KernelClient Client { get; }
        public StringWriter Log { get; } = new();

        public void Dispose()
        {
            var request = Client.Send(KernelChannel.Control, "shutdown_request", new() { ["restart"] = false });
            Client.ReceiveReply(KernelChannel.Control, request, TimeSpan.FromSeconds(10));
            Run.Wait(TimeSpan.FromSeconds(10));
            Client.Dispose();
            Core.Dispose();
        }
    }

    [Fact]
    public void A_cell_that_ignores_the_interrupt_is_reported_once_by_one_owner_and_named()
    {
        using var kernel = new Kernel(TimeSpan.FromSeconds(2.5));
        var client = kernel.Client;
        Assert.Equal("ok", client.Execute("var kept = 5;", Timeout).Reply!.GetString("status"));
        var started = Path.Combine(Path.GetTempPath(), $"llmi-started-{Guid.NewGuid():N}");
        var release = Path.Combine(Path.GetTempPath(), $"llmi-release-{Guid.NewGuid():N}");
        try
        {
            // Spins, ignoring the token and Thread.Interrupt, until the test releases it.
            var execute = client.SendExecute(
                $"var lost = 1;\nFile.WriteAllText(@\"{started}\", \"\");\nwhile (!File.Exists(@\"{release}\")) Thread.SpinWait(10_000);\nFile.Delete(@\"{release}\");");
            WaitForFile(started);
            var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
            var interruptReply = client.ReceiveReply(KernelChannel.Control, interrupt, Timeout)!;
            var record = client.Collect(execute, Timeout);

            // The cell is still spinning (not released yet): the interrupt did not stop it, and no message may say it did.
            Assert.Equal("error", interruptReply.GetString("status"));
            Assert.Equal("InterruptIgnored", interruptReply.GetString("ename"));
            Assert.Equal("error", record.Reply!.GetString("status"));
            var published = record.Published.Single(m => m.MessageType == "error");
            foreach (var message in new[] { interruptReply, record.Reply, published })
            {
                Assert.Equal("InterruptIgnored", message.GetString("ename"));
                Assert.Equal(interruptReply.GetString("evalue"), message.GetString("evalue"));
            }
            var text = interruptReply.GetString("evalue");
            var count = record.Reply.GetInt("execution_count", -1);
            Assert.Contains($"[{count}]", text);
            Assert.Contains("still running", text);
            Assert.Contains("restart", text, StringComparison.OrdinalIgnoreCase);

            // The kernel stopped waiting: the next cell runs from the state before the abandoned one.
            Assert.Equal("6", ResultText(client.Execute("kept + 1", Timeout)));
        }
        finally
        {
            File.WriteAllText(release, "");
            File.Delete(started);
        }
        var missing = client.Execute("lost", Timeout).Reply!;
        Assert.Equal(CellErrors.CompilationError, missing.GetString("ename"));
    }

    [Fact]
    public void A_cell_that_stops_at_the_interrupt_gets_ok_and_says_how_it_stopped()
    {
        using var kernel = new Kernel(TimeSpan.FromSeconds(30));
        var client = kernel.Client;
        var cases = new[]
        {
            ("long n = 0;\nwhile (true) { Cancellation.ThrowIfCancellationRequested(); n++; }", "Cancellation"),
            ("Thread.Sleep(600_000);", "blocking wait"),
        };
        foreach (var (code, how) in cases)
        {
            var started = Path.Combine(Path.GetTempPath(), $"llmi-started-{Guid.NewGuid():N}");
            var execute = client.SendExecute($"File.WriteAllText(@\"{started}\", \"\");\n{code}");
            WaitForFile(started);
            File.Delete(started);
            var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
            var interruptReply = client.ReceiveReply(KernelChannel.Control, interrupt, Timeout)!;
            var reply = client.ReceiveReply(KernelChannel.Shell, execute, Timeout)!;

            Assert.Equal("ok", interruptReply.GetString("status"));
            Assert.Equal("Interrupted", reply.GetString("ename"));
            Assert.Contains(how, reply.GetString("evalue"));
            Assert.Contains("Cell line", string.Join("\n", reply.Content["traceback"]!.AsArray().Select(t => t!.GetValue<string>())));
        }
    }

    static string? ResultText(ExecutionRecord record) =>
        record.Published.SingleOrDefault(m => m.MessageType == "execute_result")?.Content["data"]?["text/plain"]?.GetValue<string>();

    static void WaitForFile(string path)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(clock.Elapsed < Timeout, "the cell never started");
            Thread.Sleep(10);
        }
    }
}
