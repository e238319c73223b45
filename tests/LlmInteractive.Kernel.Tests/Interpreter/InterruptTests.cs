using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

/// <summary>
/// What an interrupt does to a running cell. No wall-clock limits: each cell could only end early because the
/// interrupt reached it (it would loop or sleep far longer than the hang guard), and the guard only catches hangs.
/// </summary>
[Collection(InterpreterCollection.Name)]
public sealed class InterruptTests
{
    static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_busy_loop_that_checks_Cancellation_stops_on_interrupt()
    {
        await using var interpreter = new CSharpInterpreter();
        using var interrupt = new CancellationTokenSource();
        var (outcome, output) = await interpreter.RunAndInterruptAsync("long n = 0;\nwhile (true) { Cancellation.ThrowIfCancellationRequested(); n++; }", TimeSpan.FromMilliseconds(200), interrupt)
            .WaitAsync(HangGuard);
        // The loop never ends by itself: an outcome at all means the interrupt stopped it.
        Assert.Equal(CellErrors.Interrupted, outcome.Error!.Name);
        Assert.Contains("Cancellation token", outcome.Error.Value);
        Assert.Equal("started\n", output.Text());
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    [Fact]
    public async Task A_blocking_sleep_is_woken_by_interrupt()
    {
        await using var interpreter = new CSharpInterpreter();
        using var interrupt = new CancellationTokenSource();
        // Sleeps longer than the hang guard: an outcome within it means the interrupt woke the sleep.
        var (outcome, output) = await interpreter.RunAndInterruptAsync("var before = 1;\nThread.Sleep(600_000);\nConsole.WriteLine(\"slept\");", TimeSpan.FromMilliseconds(200), interrupt)
            .WaitAsync(HangGuard);
        Assert.Equal(CellErrors.Interrupted, outcome.Error!.Name);
        Assert.Contains("blocking wait", outcome.Error.Value);
        Assert.DoesNotContain("slept", output.Text());
        Assert.Equal("1", await interpreter.ResultAsync("before"));
    }

    [Fact]
    public async Task A_cell_ignoring_the_interrupt_is_abandoned_when_the_kernel_says_so_and_later_cells_still_run()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var kept = 5;");
        using var interrupt = new CancellationTokenSource();
        using var abandon = new CancellationTokenSource();
        // Spins, ignoring token and Thread.Interrupt, until the test lets it end (the file, which it then deletes) so no runaway thread is left.
        var release = Path.Combine(Path.GetTempPath(), $"llmi-release-{Guid.NewGuid():N}");
        try
        {
            // The interpreter keeps no timer of its own: it gives up only when the kernel's abandon token fires.
            var output = new RecordingOutput(text => { if (text.Contains("started")) { interrupt.CancelAfter(100); abandon.CancelAfter(400); } });
            var code = $"Console.WriteLine(\"started\");\nvar lost = 1;\nwhile (!File.Exists(@\"{release}\")) Thread.SpinWait(10_000);\n" +
                       $"File.Delete(@\"{release}\");\nConsole.WriteLine(\"released\");";
            var outcome = await interpreter.ExecuteAsync(code, new ExecutionOptions(false, true, 7) { Abandoned = abandon.Token }, output, interrupt.Token)
                .WaitAsync(HangGuard);
            // The cell is still spinning (it has not been released): only abandoning it gives an outcome now.
            Assert.Equal(CellErrors.InterruptIgnored, outcome.Error!.Name);
            Assert.Contains("[7]", outcome.Error.Value);
            Assert.DoesNotContain("released", output.Text());
        }
        finally
        {
            File.WriteAllText(release, "");
        }
        Assert.Equal("6", await interpreter.ResultAsync("kept + 1"));
        var (missing, _) = await interpreter.RunAsync("lost");
        Assert.Equal(CellErrors.CompilationError, missing.Error!.Name);
    }

    [Fact]
    public async Task An_interrupt_of_a_cell_waiting_for_input_always_says_so()
    {
        await using var interpreter = new CSharpInterpreter();
        // The interrupt both cancels the wait and wakes the cell's thread; whichever lands first, the message is the same.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var interrupt = new CancellationTokenSource();
            var output = new UnansweredInput(interrupt);
            var outcome = await interpreter.ExecuteAsync("var line = Console.ReadLine();", new ExecutionOptions(false, true, attempt + 1), output, interrupt.Token)
                .WaitAsync(HangGuard);
            Assert.Contains("Interrupted while waiting for input", outcome.Error!.Value);
        }
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    /// <summary>A front end that never answers: it interrupts the cell once the question is asked.</summary>
    sealed class UnansweredInput(CancellationTokenSource interrupt) : IExecutionOutput
    {
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void Clear(bool wait) { }

        public async Task<string> RequestInputAsync(string prompt, bool password, CancellationToken cancellation)
        {
            interrupt.CancelAfter(50);
            try
            {
                return await new TaskCompletionSource<string>().Task.WaitAsync(cancellation);
            }
            catch (OperationCanceledException)
            {
                // What the kernel's InputRequests says when its wait is cancelled.
                throw new OperationCanceledException("Interrupted while waiting for input.", cancellation);
            }
        }
    }
}
