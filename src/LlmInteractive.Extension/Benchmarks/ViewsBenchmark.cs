using System.Diagnostics;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Models;
using LlmInteractive.Training;
using LlmInteractive.Views;

namespace LlmInteractive.Benchmarks;

/// <summary>What the views cost: the largest attention grid a notebook shows, and the live training display.</summary>
/// <param name="AttentionMilliseconds">Median time to format 12 layers × 12 heads × 256 tokens into its mime bundle.</param>
/// <param name="AttentionBytes">Size of that bundle (all mime types together).</param>
/// <param name="ReportMicroseconds">Cost of one progress report on a step where the view does not redraw.</param>
/// <param name="RedrawMicroseconds">Cost of one redraw (formatting the view, loss curve of thousands of points included).</param>
/// <param name="RedrawsPerSecond">The most redraws the view makes per second of training (it throttles itself).</param>
public sealed record ViewsBenchmarkResult(
    double AttentionMilliseconds, long AttentionBytes, double ReportMicroseconds, double RedrawMicroseconds, double RedrawsPerSecond)
{
    /// <summary>
    /// Worst-case share of training time the live display costs for steps of <paramref name="stepMilliseconds"/>:
    /// a report every step plus redraws at the view's maximum rate.
    /// </summary>
    public double ProgressShareOf(double stepMilliseconds) =>
        ReportMicroseconds / 1000 / stepMilliseconds + RedrawMicroseconds / 1e6 * RedrawsPerSecond;
}

public static class ViewsBenchmark
{
    public static ViewsBenchmarkResult Run(int progressSteps = 20_000)
    {
        ViewFormatters.Register();
        var maps = RandomAttention(layers: 12, heads: 12, tokens: 256, seed: 7);
        MimeBundles.From(maps); // JIT and caches first; the figure is the steady cost
        var times = new List<double>();
        MimeBundle bundle = null!;
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            bundle = MimeBundles.From(maps);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var bytes = bundle.Data.Values.Sum(v => (long)System.Text.Encoding.UTF8.GetByteCount(v.ToString() ?? ""));

        // The live display: reports that only record (throttled), then reports that each redraw (interval zero).
        var reportCost = ProgressMicroseconds(TimeSpan.FromHours(1), progressSteps);
        var redrawCost = ProgressMicroseconds(TimeSpan.Zero, 2_000);
        var redrawsPerSecond = 1 / new TrainingProgressView().MinInterval.TotalSeconds;

        times.Sort();
        return new ViewsBenchmarkResult(times[times.Count / 2], bytes, reportCost, redrawCost, redrawsPerSecond);
    }

    /// <summary>Mean µs per report over <paramref name="reports"/> reports (the loss curve grows as in training).</summary>
    static double ProgressMicroseconds(TimeSpan interval, int reports)
    {
        var view = new TrainingProgressView("benchmark", interval);
        DisplayRouting.Install();
        using (CurrentCell.Use(new DiscardingOutput()))
        {
            var clock = Stopwatch.StartNew();
            for (var step = 1; step <= reports; step++)
                view.Report(new TrainingProgress(step, reports, 3.0 / Math.Sqrt(step), step % 500 == 0 ? 2.5 : null,
                    3e-4, 30_000, TimeSpan.FromMilliseconds(step), TimeSpan.FromMilliseconds(reports - step)));
            return clock.Elapsed.TotalMicroseconds / reports;
        }
    }

    /// <summary>Causal attention rows drawn at random and normalised over the keys each query may see.</summary>
    static AttentionMaps RandomAttention(int layers, int heads, int tokens, int seed)
    {
        var random = new Random(seed);
        var weights = new float[layers][][][];
        for (var l = 0; l < layers; l++)
        {
            weights[l] = new float[heads][][];
            for (var h = 0; h < heads; h++)
            {
                weights[l][h] = new float[tokens][];
                for (var q = 0; q < tokens; q++)
                {
                    var row = new float[tokens];
                    var sum = 0f;
                    for (var k = 0; k <= q; k++) sum += row[k] = (float)Math.Exp(3 * random.NextDouble());
                    for (var k = 0; k <= q; k++) row[k] /= sum;
                    weights[l][h][q] = row;
                }
            }
        }
        var words = "call me ishmael some years ago never mind how long precisely".Split(' ');
        var labels = Enumerable.Range(0, tokens).Select(i => words[i % words.Length]).ToList();
        return new AttentionMaps(labels, weights, Causal: true);
    }

    sealed class DiscardingOutput : IExecutionOutput
    {
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void Clear(bool wait) { }
    }
}
