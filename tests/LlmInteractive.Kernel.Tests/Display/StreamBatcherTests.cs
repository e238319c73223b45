using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Display;

public sealed class StreamBatcherTests
{
    [Fact]
    public void Concurrent_writers_lose_nothing_and_each_writers_lines_keep_their_order()
    {
        var output = new RecordingOutput();
        using (var batcher = new StreamBatcher(output))
        {
            Parallel.For(0, 4, writer =>
            {
                for (var i = 0; i < 500; i++) batcher.Write("stdout", $"w{writer}:{i}\n");
            });
        }
        var lines = output.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2000, lines.Length);
        for (var writer = 0; writer < 4; writer++)
        {
            var own = lines.Where(l => l.StartsWith($"w{writer}:", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(':')[1])).ToList();
            Assert.Equal(Enumerable.Range(0, 500), own);
        }
    }

    [Fact]
    public void Partial_text_waits_for_the_window_and_text_after_dispose_goes_out_directly()
    {
        var output = new RecordingOutput();
        var batcher = new StreamBatcher(output);
        batcher.Write("stderr", "partial");
        Assert.Empty(output.Streams);
        Assert.True(SpinWait.SpinUntil(() => output.Streams.Count == 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(("stderr", "partial"), (output.Streams[0].Name, output.Streams[0].Text));
        batcher.Dispose();
        batcher.Write("stdout", "late");
        Assert.Equal("late", output.Text());
    }
}
