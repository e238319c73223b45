using System.Diagnostics;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Training;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class TrainingProgressViewTests
{
    public TrainingProgressViewTests() => ViewFormatters.Register();

    static TrainingProgress Step(int step, int total, double? validation = null) =>
        new(step, total, Loss: 4.0 / Math.Sqrt(step), validation, LearningRate: 3e-4, TokensPerSecond: 12_345,
            Elapsed: TimeSpan.FromSeconds(step * 0.01), Eta: TimeSpan.FromSeconds((total - step) * 0.01));

    [Fact]
    public void Displays_once_then_updates_in_place_throttled_and_ends_with_a_summary()
    {
        var output = new RecordingOutput();
        DisplayRouting.Install();
        using (CurrentCell.Use(output))
        {
            var view = new TrainingProgressView("GPT", TimeSpan.FromMilliseconds(50));
            const int total = 20_000;
            var watch = Stopwatch.StartNew();
            for (var step = 1; step <= total; step++) view.Report(Step(step, total, step % 1000 == 0 ? 3.0 / Math.Sqrt(step) : null));
            watch.Stop();
            Assert.True(view.IsCompleted);
            var perReport = watch.Elapsed.TotalMicroseconds / total;
            Console.WriteLine($"training progress: {perReport:F2} µs per report, {view.DisplayCount} displays for {total} steps");
            Assert.True(view.DisplayCount <= 2 + watch.ElapsedMilliseconds / 50, $"{view.DisplayCount} displays in {watch.ElapsedMilliseconds} ms");
        }

        Assert.False(output.Displays[0].Update);
        Assert.All(output.Displays.Skip(1), d => Assert.True(d.Update));
        Assert.Single(output.Displays.Select(d => d.DisplayId).Distinct());
        var last = output.Displays[^1].Bundle;
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], last.Data.Keys.Order());
        Assert.Contains("GPT finished", (string)last.Data["image/svg+xml"]);
        Assert.StartsWith("GPT finished: 20000/20000 steps", (string)last.Data["text/plain"], StringComparison.Ordinal);
        var doc = ViewTestData.Parse((string)last.Data["text/html"]);
        Assert.Contains("finished", doc.QuerySelector(".hd")!.TextContent);
        Assert.Single(doc.QuerySelectorAll("svg polyline")); // the training loss curve
        Assert.Equal(20, doc.QuerySelectorAll("svg circle").Length); // one marker per validation
        Assert.Contains("best validation", doc.Body!.TextContent);
    }

    [Fact]
    public void Complete_before_the_last_step_shows_the_summary_once()
    {
        var output = new RecordingOutput();
        DisplayRouting.Install();
        using (CurrentCell.Use(output))
        {
            var view = new TrainingProgressView("early stop", TimeSpan.FromHours(1));
            view.Report(Step(1, 100));
            view.Report(Step(2, 100)); // throttled: no display
            view.Complete();
            view.Complete();
            view.Report(Step(3, 100)); // after completion: ignored
            Assert.Equal(2, view.DisplayCount);
            Assert.Equal(2, view.Snapshot().Steps.Length);
        }
        Assert.Equal(2, output.Displays.Count);
        Assert.Contains("early stop finished: 2/100", (string)output.Displays[1].Bundle.Data["text/plain"]);
    }
}
