using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

/// <summary>The one holder of "the cell running now": output and interrupt token travel together.</summary>
public sealed class CurrentCellTests
{
    [Fact]
    public async Task A_cells_output_and_token_reach_the_threads_and_tasks_it_starts_and_end_with_it()
    {
        var output = new RecordingOutput();
        using var interrupt = new CancellationTokenSource();
        (IExecutionOutput? Output, CancellationToken Token) onThread = default, inTask;
        using (CurrentCell.Use(output, interrupt.Token))
        {
            var thread = new Thread(() => onThread = (CurrentCell.Output, CurrentCell.Cancellation));
            thread.Start();
            thread.Join();
            inTask = await Task.Run(() => (CurrentCell.Output, CurrentCell.Cancellation));
        }

        Assert.Same(output, onThread.Output);
        Assert.Equal(interrupt.Token, onThread.Token);
        Assert.Same(output, inTask.Output);
        Assert.Equal(interrupt.Token, inTask.Token);
        Assert.Null(CurrentCell.Output);
        Assert.False(CurrentCell.Cancellation.CanBeCanceled);
    }

    [Fact]
    public void Host_code_run_for_a_cell_gets_its_own_output_and_keeps_the_cells_token()
    {
        var cell = new RecordingOutput();
        var host = new RecordingOutput();
        using var interrupt = new CancellationTokenSource();
        using var own = new CancellationTokenSource();
        using (CurrentCell.Use(cell, interrupt.Token))
        {
            using (CurrentCell.Use(host))
            {
                Assert.Same(host, CurrentCell.Output);
                Assert.Equal(interrupt.Token, CurrentCell.Cancellation);
                Assert.Equal(own.Token, CurrentCell.CancellationOr(own.Token));
                Assert.Equal(interrupt.Token, CurrentCell.CancellationOr(CancellationToken.None));
            }
            Assert.Same(cell, CurrentCell.Output);
        }
    }

    [Fact]
    public async Task Two_cells_on_interleaved_call_chains_never_see_each_others_output_or_token()
    {
        using var firstStop = new CancellationTokenSource();
        using var secondStop = new CancellationTokenSource();
        var first = new RecordingOutput();
        var second = new RecordingOutput();
        using var bothInside = new Barrier(2);

        async Task<bool> Cell(IExecutionOutput output, CancellationToken token) => await Task.Run(() =>
        {
            using (CurrentCell.Use(output, token))
            {
                bothInside.SignalAndWait();
                return ReferenceEquals(CurrentCell.Output, output) && CurrentCell.Cancellation == token;
            }
        });

        var agreed = await Task.WhenAll(Cell(first, firstStop.Token), Cell(second, secondStop.Token));
        Assert.Equal([true, true], agreed);
    }
}
