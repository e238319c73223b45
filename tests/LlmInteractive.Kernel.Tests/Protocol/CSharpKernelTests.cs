using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Protocol;

/// <summary>One in-process kernel with the real C# interpreter, shared by the tests below (Roslyn starts once).</summary>
public sealed class CSharpKernelFixture : IDisposable
{
    public CSharpKernelFixture()
    {
        Connection = ConnectionInfo.CreateLocal();
        Interpreter = new CSharpInterpreter();
        Kernel = new JupyterKernel(Connection, Interpreter, KernelOptions.Default, TextWriter.Null);
        Run = Kernel.RunAsync();
        Client = new KernelClient(Connection);
        Client.WaitForReady(KernelHarness.Timeout);
    }

    public ConnectionInfo Connection { get; }
    public CSharpInterpreter Interpreter { get; }
    public JupyterKernel Kernel { get; }
    public Task<bool> Run { get; }
    public KernelClient Client { get; }

    public void Dispose()
    {
        var request = Client.Send(KernelChannel.Control, "shutdown_request", new() { ["restart"] = false });
        Client.ReceiveReply(KernelChannel.Control, request, TimeSpan.FromSeconds(5));
        Run.Wait(TimeSpan.FromSeconds(5));
        Client.Dispose();
        Kernel.Dispose();
    }
}

public class CSharpKernelTests(CSharpKernelFixture kernel) : IClassFixture<CSharpKernelFixture>
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    ExecutionRecord Execute(string code)
    {
        var record = kernel.Client.Execute(code, Timeout);
        Assert.False(record.TimedOut, $"`{code}` timed out");
        return record;
    }

    [Fact]
    public void Kernel_info_describes_csharp()
    {
        var request = kernel.Client.Send(KernelChannel.Shell, "kernel_info_request", []);
        var reply = kernel.Client.ReceiveReply(KernelChannel.Shell, request, Timeout)!;
        Assert.Equal("csharp", reply.Content["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal(".cs", reply.Content["language_info"]!["file_extension"]!.GetValue<string>());
    }

    [Fact]
    public void State_stdout_and_results_flow_through_the_protocol()
    {
        Execute("var answer = 21;");
        var record = Execute("Console.WriteLine(\"twice\");\nanswer * 2");
        Assert.Equal("twice\n", string.Concat(record.Published.Where(m => m.MessageType == "stream").Select(m => m.GetString("text"))));
        var result = record.Published.Single(m => m.MessageType == "execute_result");
        Assert.Equal("42", result.Content["data"]!["text/plain"]!.GetValue<string>());
        Assert.Equal("ok", record.Reply!.GetString("status"));
    }

    [Fact]
    public void Display_then_update_share_a_display_id()
    {
        var record = Execute("var handle = display(\"first\");\nhandle.Update(\"second\");");
        var shown = record.Published.Single(m => m.MessageType == "display_data");
        var updated = record.Published.Single(m => m.MessageType == "update_display_data");
        var id = shown.Content["transient"]!["display_id"]!.GetValue<string>();
        Assert.Equal(id, updated.Content["transient"]!["display_id"]!.GetValue<string>());
        Assert.Contains("second", updated.Content["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void Magics_run_through_execute_requests()
    {
        var list = Execute("#!lsmagic");
        Assert.Contains("#!time", string.Concat(list.Published.Where(m => m.MessageType == "stream").Select(m => m.GetString("text"))));
        var bad = Execute("#!no-such-magic");
        Assert.Equal("error", bad.Reply!.GetString("status"));
    }

    [Fact]
    public void Completion_offers_members_at_the_cursor()
    {
        var code = "Console.WriteL";
        var request = kernel.Client.Send(KernelChannel.Shell, "complete_request", new() { ["code"] = code, ["cursor_pos"] = code.Length });
        var reply = kernel.Client.ReceiveReply(KernelChannel.Shell, request, Timeout)!;
        Assert.Contains("WriteLine", reply.Content["matches"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(8, reply.GetInt("cursor_start", -1));
    }

    [Fact]
    public void Exceptions_become_error_replies_with_the_message()
    {
        var record = Execute("throw new InvalidOperationException(\"boom\");");
        Assert.Equal("error", record.Reply!.GetString("status"));
        Assert.Contains("boom", record.Published.Single(m => m.MessageType == "error").GetString("evalue"));
    }

    JupyterMessage ExecuteWithStdin(string code) => kernel.Client.SendExecute(code, allowStdin: true);

    JupyterMessage ReceiveInputRequest(JupyterMessage execute)
    {
        var question = kernel.Client.Receive(KernelChannel.Stdin, Timeout);
        Assert.Equal("input_request", question?.MessageType);
        Assert.Equal(execute.Header.MessageId, question!.ParentHeader!.MessageId);
        return question;
    }

    [Fact]
    public void Console_ReadLine_asks_the_client_on_stdin_and_returns_its_reply()
    {
        var execute = ExecuteWithStdin("Console.Write(\"name? \");\nvar typed = Console.ReadLine();\n$\"hello {typed}\"");
        var question = ReceiveInputRequest(execute);
        Assert.False(question.GetBool("password", true));
        // As jupyter_client does: the reply carries no parent header.
        kernel.Client.Send(KernelChannel.Stdin, "input_reply", new JsonObject { ["value"] = "ada" });
        var record = kernel.Client.Collect(execute, Timeout);
        Assert.Equal("hello ada", record.Published.Single(m => m.MessageType == "execute_result").Content["data"]!["text/plain"]!.GetValue<string>());
        Assert.Equal("name? ", string.Concat(record.Published.Where(m => m.MessageType == "stream").Select(m => m.GetString("text"))));
    }

    [Fact]
    public void GetPasswordAsync_sends_its_prompt_with_password_set()
    {
        var execute = ExecuteWithStdin("(await GetPasswordAsync(\"token: \")).Length");
        var question = ReceiveInputRequest(execute);
        Assert.Equal("token: ", question.GetString("prompt"));
        Assert.True(question.GetBool("password", false));
        kernel.Client.Send(KernelChannel.Stdin, "input_reply", new JsonObject { ["value"] = "s3cret" });
        var record = kernel.Client.Collect(execute, Timeout);
        Assert.Equal("6", record.Published.Single(m => m.MessageType == "execute_result").Content["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void Input_without_allow_stdin_is_an_error_that_says_why()
    {
        var record = Execute("var line = Console.ReadLine();");
        Assert.Equal("error", record.Reply!.GetString("status"));
        Assert.Contains("allow_stdin is false", record.Reply.GetString("evalue"));
    }

    [Fact]
    public void An_interrupt_stops_a_cell_waiting_for_input_and_a_late_reply_is_ignored()
    {
        var client = kernel.Client;
        var execute = ExecuteWithStdin("Console.ReadLine()");
        ReceiveInputRequest(execute);
        var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
        Assert.Equal("ok", client.ReceiveReply(KernelChannel.Control, interrupt, Timeout)!.GetString("status"));
        var reply = client.ReceiveReply(KernelChannel.Shell, execute, Timeout)!;
        Assert.Equal("error", reply.GetString("status"));
        Assert.Contains("Interrupted while waiting for input", reply.GetString("evalue"));
        client.Send(KernelChannel.Stdin, "input_reply", new JsonObject { ["value"] = "too late" });
        Assert.Equal("ok", Execute("1 + 1").Reply!.GetString("status"));
    }

    [Fact]
    public void A_sleeping_csharp_cell_is_interrupted()
    {
        var client = kernel.Client;
        // Sleeps far beyond the reply timeout: an error reply within it means the interrupt woke the sleep.
        var execute = client.SendExecute("Console.WriteLine(\"started\");\nSystem.Threading.Thread.Sleep(600_000);");
        WaitForStream(execute, "started");
        var interrupt = client.Send(KernelChannel.Control, "interrupt_request", []);
        Assert.Equal("ok", client.ReceiveReply(KernelChannel.Control, interrupt, Timeout)!.GetString("status"));
        var reply = client.ReceiveReply(KernelChannel.Shell, execute, Timeout)!;
        Assert.Equal("error", reply.GetString("status"));
        Assert.Equal(CellErrors.Interrupted, reply.GetString("ename"));
        Assert.Contains("blocking wait", reply.GetString("evalue"));
    }

    /// <summary>Waits until the cell of <paramref name="execute"/> printed <paramref name="text"/>: it is running.</summary>
    void WaitForStream(JupyterMessage execute, string text)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(clock.Elapsed < Timeout, $"the cell never printed '{text}'");
            if (kernel.Client.Receive(KernelChannel.IoPub, TimeSpan.FromMilliseconds(100)) is { MessageType: "stream" } m
                && m.ParentHeader?.MessageId == execute.Header.MessageId && m.GetString("text").Contains(text, StringComparison.Ordinal))
                return;
        }
    }
}
