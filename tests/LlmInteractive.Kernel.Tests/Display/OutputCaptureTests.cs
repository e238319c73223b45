using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Display;

[Collection(InterpreterCollection.Name)]
public sealed class OutputCaptureTests
{
    /// <summary>
    /// A cell that waits for the test to have seen its output: if output were only delivered when the cell ends, the
    /// cell would wait until its own deadline (far beyond the hang guard) and the test would fail.
    /// </summary>
    static async Task<(ExecutionOutcome Outcome, RecordingOutput Output)> RunUntilSeenAsync(CSharpInterpreter interpreter, string print, string seen)
    {
        var release = Path.Combine(Path.GetTempPath(), $"llmi-seen-{Guid.NewGuid():N}");
        var output = new RecordingOutput(text => { if (text.Contains(seen)) File.WriteAllText(release, ""); });
        try
        {
            var code = $"{print}\nvar deadline = DateTime.UtcNow.AddMinutes(2);\n" +
                       $"while (!File.Exists(@\"{release}\") && DateTime.UtcNow < deadline) Thread.Sleep(10);\n" +
                       $"Console.WriteLine(File.Exists(@\"{release}\") ? \"seen while running\" : \"not seen\");";
            return await interpreter.RunAsync(code, output: output).WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            File.Delete(release);
        }
    }

    [Fact]
    public async Task Output_printed_before_a_wait_arrives_while_the_cell_still_runs()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await RunUntilSeenAsync(interpreter, "Console.WriteLine(\"first\");", "first");
        Assert.Null(outcome.Error);
        Assert.Equal("first\nseen while running\n", output.Text());
    }

    [Fact]
    public async Task A_partial_line_is_sent_while_the_cell_still_runs()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await RunUntilSeenAsync(interpreter, "Console.Write(\"no newline\");", "no newline");
        Assert.Null(outcome.Error);
        Assert.Equal("no newline", output.Streams[0].Text);
        Assert.Equal("no newlineseen while running\n", output.Text());
    }

    [Fact]
    public async Task Stderr_other_threads_and_the_raw_file_descriptor_are_captured()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("""
            Console.Error.WriteLine("to stderr");
            var t = new Thread(() => Console.WriteLine("from a thread"));
            t.Start(); t.Join();
            await Task.Run(() => Console.WriteLine("from the pool"));
            using (var fd1 = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, false), FileAccess.Write))
                fd1.Write(System.Text.Encoding.UTF8.GetBytes("raw fd 1\n"));
            Thread.Sleep(200);
            """);
        Assert.Null(outcome.Error);
        Assert.Equal("to stderr\n", output.Text("stderr"));
        Assert.Contains("from a thread\n", output.Text());
        Assert.Contains("from the pool\n", output.Text());
        if (LlmInteractive.Kernel.Display.OutputCapture.CapturesNativeOutput) Assert.Contains("raw fd 1\n", output.Text());
    }

    [Fact]
    public async Task Console_writes_outside_any_cell_do_not_reach_a_running_cell()
    {
        await using var interpreter = new CSharpInterpreter();
        using var started = new SemaphoreSlim(0);
        var output = new RecordingOutput(text => { if (text.Contains("started")) started.Release(); });
        var cell = interpreter.RunAsync("Console.WriteLine(\"started\");\nThread.Sleep(500);", output: output);
        await started.WaitAsync(TimeSpan.FromSeconds(30));
        Task log;
        using (ExecutionContext.SuppressFlow()) log = Task.Run(() => Console.WriteLine("kernel log line"));
        await log;
        await cell;
        Assert.Equal("started\n", output.Text());
    }

    [Fact]
    public async Task Output_after_the_cell_does_not_leak_into_the_next_cell()
    {
        await using var interpreter = new CSharpInterpreter();
        var (_, first) = await interpreter.RunAsync("Console.WriteLine(\"one\");");
        var (_, second) = await interpreter.RunAsync("Console.WriteLine(\"two\");");
        Assert.Equal("one\n", first.Text());
        Assert.Equal("two\n", second.Text());
    }
}
