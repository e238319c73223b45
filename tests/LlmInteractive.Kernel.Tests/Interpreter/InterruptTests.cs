using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

[Collection(InterpreterCollection.Name)]
public sealed class InterruptTests
{
    [Fact]
    public async Task A_busy_loop_that_checks_Cancellation_stops_on_interrupt()
    {
        await using var interpreter = new CSharpInterpreter();
        using var interrupt = new CancellationTokenSource();
        var (outcome, output) = await interpreter.RunAndInterruptAsync("long n = 0;\nwhile (true) { Cancellation.ThrowIfCancellationRequested(); n++; }", TimeSpan.FromMilliseconds(200), interrupt);
        Assert.Equal("OperationCanceledException", outcome.Error!.Name);
        Assert.True(StoppedWithin(output, TimeSpan.FromSeconds(1.5)), $"stopped {output.Elapsed - output.Streams[0].At} after it started");
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    [Fact]
    public async Task A_blocking_sleep_is_woken_by_interrupt()
    {
        await using var interpreter = new CSharpInterpreter();
        using var interrupt = new CancellationTokenSource();
        var (outcome, output) = await interpreter.RunAndInterruptAsync("var before = 1;\nThread.Sleep(30_000);", TimeSpan.FromMilliseconds(200), interrupt);
        Assert.Equal("ThreadInterruptedException", outcome.Error!.Name);
        Assert.True(StoppedWithin(output, TimeSpan.FromSeconds(1.5)), $"stopped {output.Elapsed - output.Streams[0].At} after it started");
        Assert.Equal("1", await interpreter.ResultAsync("before"));
    }

    [Fact]
    public async Task A_cell_ignoring_the_interrupt_is_abandoned_and_later_cells_still_run()
    {
        await using var interpreter = new CSharpInterpreter { AbandonAfter = TimeSpan.FromMilliseconds(300) };
        await interpreter.ResultAsync("var kept = 5;");
        using var interrupt = new CancellationTokenSource();
        // Spins (ignoring token and Thread.Interrupt) for 2 s, then ends on its own so the test leaves no runaway thread.
        var (outcome, output) = await interpreter.RunAndInterruptAsync(
            "var lost = 1;\nvar end = DateTime.UtcNow.AddSeconds(2);\nwhile (DateTime.UtcNow < end) { }", TimeSpan.FromMilliseconds(100), interrupt);
        Assert.Equal(CellErrors.Abandoned, outcome.Error!.Name);
        Assert.True(StoppedWithin(output, TimeSpan.FromSeconds(1.2)), $"stopped {output.Elapsed - output.Streams[0].At} after it started");
        Assert.Equal("6", await interpreter.ResultAsync("kept + 1"));
        var (missing, _) = await interpreter.RunAsync("lost");
        Assert.Equal(CellErrors.CompilationError, missing.Error!.Name);
    }

    /// <summary>Time from the cell's "started" line to its end (compile time left out: the machine may be busy).</summary>
    static bool StoppedWithin(RecordingOutput output, TimeSpan limit) => output.Elapsed - output.Streams[0].At < limit;
}
