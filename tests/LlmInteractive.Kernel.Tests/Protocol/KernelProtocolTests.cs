using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Protocol;

public class KernelProtocolTests
{
    static readonly TimeSpan Timeout = KernelHarness.Timeout;

    static string[] Types(ExecutionRecord record) =>
        [.. record.Published.Select(m => m.MessageType == "status" ? "status:" + m.GetString("execution_state") : m.MessageType)];

    [Fact]
    public void Kernel_info_reports_protocol_implementation_and_language()
    {
        using var kernel = new KernelHarness();
        var request = kernel.Client.Send(KernelChannel.Shell, "kernel_info_request", []);
        var record = kernel.Client.Collect(request, Timeout);

        var reply = record.Reply!;
        Assert.Equal("kernel_info_reply", reply.MessageType);
        Assert.Equal("5.3", reply.GetString("protocol_version"));
        Assert.Equal("llm-interactive", reply.GetString("implementation"));
        Assert.Equal("scripted", reply.Content["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal(".txt", reply.Content["language_info"]!["file_extension"]!.GetValue<string>());
        Assert.Equal("https://example.org/docs", reply.Content["help_links"]![0]!["url"]!.GetValue<string>());
        Assert.Equal(["status:busy", "status:idle"], Types(record));
        Assert.Equal(request.Header.MessageId, reply.ParentHeader!.MessageId);
    }

    [Fact]
    public void Execute_publishes_busy_input_outputs_result_idle_in_order_with_parent_headers()
    {
        using var kernel = new KernelHarness();
        var record = kernel.Client.Execute("print hello\neprint oops\ndisplay d1 first\nupdate d1 second\nresult 42", Timeout);

        Assert.False(record.TimedOut);
        Assert.Equal(["status:busy", "execute_input", "stream", "stream", "display_data", "update_display_data", "execute_result", "status:idle"], Types(record));
        Assert.All(record.Published, m => Assert.Equal(record.Request.Header.MessageId, m.ParentHeader!.MessageId));
        Assert.Equal("hello\n", record.Published[2].GetString("text"));
        Assert.Equal("stderr", record.Published[3].GetString("name"));
        Assert.Equal("d1", record.Published[5].Content["transient"]!["display_id"]!.GetValue<string>());
        Assert.Equal("second", record.Published[5].Content["data"]!["text/plain"]!.GetValue<string>());
        Assert.Equal("42", record.Published[6].Content["data"]!["text/plain"]!.GetValue<string>());
        Assert.Equal(1, record.Published[6].GetInt("execution_count", -1));
        Assert.Equal("ok", record.Reply!.GetString("status"));
        Assert.Equal(1, record.Reply.GetInt("execution_count", -1));

        var second = kernel.Client.Execute("result 2", Timeout);
        Assert.Equal(2, second.Reply!.GetInt("execution_count", -1));
        Assert.Equal(2, second.Published.Single(m => m.MessageType == "execute_input").GetInt("execution_count", -1));
    }

    [Fact]
    public void Silent_execution_publishes_no_outputs_and_keeps_the_count()
    {
        using var kernel = new KernelHarness();
        var silent = kernel.Client.Execute("print hidden\nresult 1", Timeout, silent: true);
        Assert.Equal(["status:busy", "status:idle"], Types(silent));
        var next = kernel.Client.Execute("result 1", Timeout);
        Assert.Equal(1, next.Reply!.GetInt("execution_count", -1));
    }

    [Fact]
    public void Failing_cell_publishes_error_and_replies_with_status_error()
    {
        using var kernel = new KernelHarness();
        var record = kernel.Client.Execute("print before\nfail bad input", Timeout);

        Assert.Equal(["status:busy", "execute_input", "stream", "error", "status:idle"], Types(record));
        var error = record.Published[3];
        Assert.Equal("ScriptError", error.GetString("ename"));
        Assert.Equal("bad input", error.GetString("evalue"));
        Assert.Equal("error", record.Reply!.GetString("status"));
        Assert.Equal("ScriptError", record.Reply.GetString("ename"));
        Assert.Equal(1, record.Reply.GetInt("execution_count", -1));
    }

    [Fact]
    public void Stop_on_error_aborts_the_execute_requests_queued_behind_a_failure()
    {
        using var kernel = new KernelHarness();
        var client = kernel.Client;
        // The first cell holds the queue until the others have arrived.
        var first = client.SendExecute("sleep");
        var failing = client.SendExecute("fail stop here");
        var queued = client.SendExecute("touch /nonexistent-dir/never");
        // Interrupt only once the first cell really runs (a fixed delay raced a loaded machine), and leave the socket
        // thread a moment to take in the two requests sent behind it: those are the run stop_on_error aborts.
        var started = Stopwatch.StartNew();
        while (Volatile.Read(ref kernel.Interpreter.Executed) == 0 && started.Elapsed < Timeout) Thread.Sleep(5);
        Thread.Sleep(300);
        var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
        Assert.NotNull(client.ReceiveReply(KernelChannel.Control, interrupt, Timeout));

        var replies = new Dictionary<string, JupyterMessage>();
        var clock = Stopwatch.StartNew();
        while (replies.Count < 3 && clock.Elapsed < Timeout)
            if (client.Receive(KernelChannel.Shell, TimeSpan.FromMilliseconds(100)) is { } reply) replies[reply.ParentHeader!.MessageId] = reply;

        Assert.Equal("error", replies[first.Header.MessageId].GetString("status"));
        Assert.Equal("aborted", replies[failing.Header.MessageId].GetString("status"));
        Assert.Equal("aborted", replies[queued.Header.MessageId].GetString("status"));
        Assert.Equal(1, kernel.Interpreter.Executed);

        // A request sent after the aborted run executes normally.
        Assert.Equal("ok", client.Execute("result fine", Timeout).Reply!.GetString("status"));
    }

    [Fact]
    public void Stop_on_error_false_keeps_running_queued_requests()
    {
        using var kernel = new KernelHarness();
        var client = kernel.Client;
        var failing = client.SendExecute("fail no stop", stopOnError: false);
        var next = client.SendExecute("result after");
        Assert.Equal("error", client.ReceiveReply(KernelChannel.Shell, failing, Timeout)!.GetString("status"));
        Assert.Equal("ok", client.ReceiveReply(KernelChannel.Shell, next, Timeout)!.GetString("status"));
    }

    [Fact]
    public void Complete_inspect_is_complete_history_and_comm_info_are_answered()
    {
        using var kernel = new KernelHarness();
        var client = kernel.Client;
        client.Execute("result a", Timeout);
        client.Execute("print b", Timeout);

        var complete = Ask(client, "complete_request", new() { ["code"] = "print x\npr", ["cursor_pos"] = 10 });
        Assert.Equal(["print"], complete.Content["matches"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(8, complete.GetInt("cursor_start", -1));
        Assert.Equal(10, complete.GetInt("cursor_end", -1));
        Assert.Equal("keyword", complete.Content["metadata"]!["_jupyter_types_experimental"]![0]!["type"]!.GetValue<string>());

        var inspect = Ask(client, "inspect_request", new() { ["code"] = "print", ["cursor_pos"] = 3, ["detail_level"] = 0 });
        Assert.True(inspect.GetBool("found", false));
        Assert.Contains("stdout", inspect.Content["data"]!["text/plain"]!.GetValue<string>());

        Assert.Equal("incomplete", Ask(client, "is_complete_request", new() { ["code"] = "print a \\" }).GetString("status"));
        Assert.Equal("complete", Ask(client, "is_complete_request", new() { ["code"] = "print a" }).GetString("status"));

        var history = Ask(client, "history_request", new() { ["hist_access_type"] = "tail", ["n"] = 10, ["output"] = false, ["raw"] = true });
        var entries = history.Content["history"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal("print b", entries[1]![2]!.GetValue<string>());
        Assert.Equal(2, entries[1]![1]!.GetValue<int>());
        var withOutput = Ask(client, "history_request", new() { ["hist_access_type"] = "range", ["session"] = 0, ["start"] = 1, ["stop"] = 3, ["output"] = true })
            .Content["history"]!.AsArray();
        Assert.Equal("""[[1,1,["result a","a"]],[1,2,["print b",null]]]""", withOutput.ToJsonString());
        var search = Ask(client, "history_request", new() { ["hist_access_type"] = "search", ["pattern"] = "result*", ["n"] = 10 });
        Assert.Single(search.Content["history"]!.AsArray());

        var comms = Ask(client, "comm_info_request", []);
        Assert.Equal("ok", comms.GetString("status"));
        Assert.Empty(comms.Content["comms"]!.AsObject());
    }

    /// <summary>The iopub messages of a request that has no reply in the protocol (comm messages), up to its idle.</summary>
    static List<JupyterMessage> PublishedUntilIdle(KernelClient client, JupyterMessage request)
    {
        var published = new List<JupyterMessage>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout && !published.Any(m => m.MessageType == "status" && m.GetString("execution_state") == "idle"))
            if (client.Receive(KernelChannel.IoPub, TimeSpan.FromMilliseconds(100)) is { } m && m.ParentHeader?.MessageId == request.Header.MessageId)
                published.Add(m);
        return published;
    }

    [Fact]
    public void A_comm_opened_for_an_unknown_target_is_closed_and_the_kernel_goes_on()
    {
        using var kernel = new KernelHarness();
        var client = kernel.Client;
        var open = client.Send(KernelChannel.Shell, "comm_open", new() { ["comm_id"] = "c1", ["target_name"] = "jupyter.widget", ["data"] = new JsonObject() });
        var opened = PublishedUntilIdle(client, open);
        Assert.Equal(["status", "comm_close", "status"], opened.Select(m => m.MessageType));
        Assert.Equal("c1", opened[1].GetString("comm_id"));
        var message = client.Send(KernelChannel.Shell, "comm_msg", new() { ["comm_id"] = "c1", ["data"] = new JsonObject() });
        Assert.Equal(["status", "status"], PublishedUntilIdle(client, message).Select(m => m.MessageType));
        Assert.Equal("ok", client.Execute("result 1", Timeout).Reply!.GetString("status"));
        Assert.Contains("no comm target 'jupyter.widget'", kernel.LogText);
    }

    [Fact]
    public async Task Receiving_with_a_sub_millisecond_timeout_returns_when_nothing_arrives()
    {
        using var kernel = new KernelHarness();
        // NetMQ spins forever on a positive timeout under 1 ms; the client must round it. Stdin, because nothing is
        // ever sent there unasked (a late kernel_info_reply from WaitForReady can still arrive on shell).
        var receive = Task.Run(() => kernel.Client.Receive(KernelChannel.Stdin, TimeSpan.FromMilliseconds(0.5)));
        Assert.Null(await receive.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_wrongly_signed_or_unsigned_execute_request_never_runs()
    {
        using var kernel = new KernelHarness();
        var marker = Path.Combine(Path.GetTempPath(), "llmi-forged-" + Guid.NewGuid().ToString("N"));
        var forger = new WireFormat(new MessageSigner("not-the-key"));
        var unsigned = new WireFormat(new MessageSigner(""));
        foreach (var wire in new[] { forger, unsigned })
        {
            var forged = JupyterMessage.Create("execute_request", "attacker", KernelClient.ExecuteContent("touch " + marker));
            kernel.Client.SendFrames(KernelChannel.Shell, wire.Encode(forged));
        }

        // A correctly signed request sent afterwards runs; by then the forged ones were dealt with.
        Assert.Equal("ok", kernel.Client.Execute("result 1", Timeout).Reply!.GetString("status"));
        Assert.False(File.Exists(marker));
        Assert.Equal(1, kernel.Interpreter.Executed);
        Assert.Contains("missing or wrong HMAC signature", kernel.LogText);
    }

    [Fact]
    public void Garbled_and_replayed_frames_do_not_crash_the_kernel()
    {
        using var kernel = new KernelHarness();
        var client = kernel.Client;
        var wire = new WireFormat(new MessageSigner(kernel.Connection.Key));
        client.SendFrames(KernelChannel.Shell, [[1, 2, 3]]);
        client.SendFrames(KernelChannel.Shell, [WireFormat.Delimiter, "sig"u8.ToArray()]);
        client.SendFrames(KernelChannel.Control, [.. Enumerable.Range(0, 9).Select(i => new byte[] { (byte)i })]);
        var signer = new MessageSigner(kernel.Connection.Key);
        byte[][] notJson = ["{"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "[1,"u8.ToArray()];
        client.SendFrames(KernelChannel.Shell, [WireFormat.Delimiter, System.Text.Encoding.ASCII.GetBytes(signer.Sign(notJson)), .. notJson]);
        byte[][] noType = ["{\"msg_id\":\"x\"}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray()];
        client.SendFrames(KernelChannel.Shell, [WireFormat.Delimiter, System.Text.Encoding.ASCII.GetBytes(signer.Sign(noType)), .. noType]);

        // The same signed message twice: the replay is dropped.
        var once = wire.Encode(JupyterMessage.Create("execute_request", client.Session, KernelClient.ExecuteContent("print once")));
        client.SendFrames(KernelChannel.Shell, once);
        client.SendFrames(KernelChannel.Shell, once);

        Assert.Equal("ok", client.Execute("result alive", Timeout).Reply!.GetString("status"));
        Assert.Equal(2, kernel.Interpreter.Executed);
        Assert.True(client.Ping(Timeout));
        Assert.Contains("duplicate signature", kernel.LogText);
        Assert.Contains("no <IDS|MSG> delimiter", kernel.LogText);
    }

    [Theory]
    [InlineData("loop")]
    [InlineData("sleep")]
    public void Interrupt_stops_a_running_cell_and_the_heartbeat_answers_meanwhile(string cell)
    {
        using var kernel = new KernelHarness();
        var client = kernel.Client;
        var execute = client.SendExecute(cell);
        WaitUntilRunning(kernel);
        Assert.True(client.Ping(Timeout), "the heartbeat answers while a cell runs");

        var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
        var interruptReply = client.ReceiveReply(KernelChannel.Control, interrupt, Timeout);
        var executeReply = client.ReceiveReply(KernelChannel.Shell, execute, Timeout);

        // Both cells run until interrupted (loop polls its token; sleep blocks for minutes): a reply means it reached them.
        Assert.Equal("ok", interruptReply!.GetString("status"));
        Assert.Equal("error", executeReply!.GetString("status"));
        Assert.Equal("Interrupted", executeReply.GetString("ename"));
        Assert.Equal("ok", client.Execute("result after", Timeout).Reply!.GetString("status"));
    }

    /// <summary>Waits until the scripted interpreter has started the cell, so an interrupt finds it running.</summary>
    static void WaitUntilRunning(KernelHarness kernel)
    {
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref kernel.Interpreter.Executed) == 0)
        {
            Assert.True(clock.Elapsed < Timeout, "the cell never started");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public void A_cell_that_ignores_interrupts_is_reported_and_the_kernel_keeps_answering()
    {
        using var kernel = new KernelHarness(KernelOptions.Default with { InterruptGrace = TimeSpan.FromMilliseconds(500) });
        var client = kernel.Client;
        var execute = client.SendExecute("hang");
        WaitUntilRunning(kernel);
        var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
        var interruptReply = client.ReceiveReply(KernelChannel.Control, interrupt, Timeout)!;
        var executeReply = client.ReceiveReply(KernelChannel.Shell, execute, Timeout)!;

        Assert.Equal("error", interruptReply.GetString("status"));
        Assert.Contains("only a restart", interruptReply.GetString("evalue"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("InterruptIgnored", executeReply.GetString("ename"));
        Assert.Equal("ok", client.Execute("result still here", Timeout).Reply!.GetString("status"));
    }

    [Fact]
    public async Task Shutdown_replies_with_the_restart_flag_and_stops_the_kernel()
    {
        using var kernel = new KernelHarness();
        var request = kernel.Client.Send(KernelChannel.Control, "shutdown_request", new() { ["restart"] = true });
        var reply = kernel.Client.ReceiveReply(KernelChannel.Control, request, Timeout)!;

        Assert.Equal("shutdown_reply", reply.MessageType);
        Assert.True(reply.GetBool("restart", false));
        Assert.True(await kernel.Run.WaitAsync(Timeout));
    }

    static JupyterMessage Ask(KernelClient client, string type, JsonObject content)
    {
        var request = client.Send(KernelChannel.Shell, type, content);
        var reply = client.ReceiveReply(KernelChannel.Shell, request, Timeout);
        Assert.NotNull(reply);
        Assert.Equal(type.Replace("_request", "_reply"), reply.MessageType);
        return reply;
    }

}
