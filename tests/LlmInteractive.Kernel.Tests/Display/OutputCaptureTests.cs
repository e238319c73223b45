using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Display;

[Collection(InterpreterCollection.Name)]
public sealed class OutputCaptureTests
{
    [Fact]
    public async Task Output_printed_before_a_sleep_arrives_while_the_cell_still_runs()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync("Console.WriteLine(\"first\");\nThread.Sleep(1500);\nConsole.WriteLine(\"second\");");
        Assert.Null(outcome.Error);
        var finished = output.Elapsed;
        var first = output.Streams.First(s => s.Text.Contains("first"));
        Assert.True(first.At < finished - TimeSpan.FromSeconds(1), $"first line at {first.At}, cell ended at {finished}");
        Assert.Equal("first\nsecond\n", output.Text());
    }

    [Fact]
    public async Task A_partial_line_is_sent_after_a_short_window()
    {
        await using var interpreter = new CSharpInterpreter();
        var (_, output) = await interpreter.RunAsync("Console.Write(\"no newline\");\nThread.Sleep(800);");
        Assert.True(output.Streams.Single().At < output.Elapsed - TimeSpan.FromMilliseconds(500));
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
