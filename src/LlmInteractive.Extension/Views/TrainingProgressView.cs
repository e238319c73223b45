using System.Diagnostics;
using Microsoft.DotNet.Interactive.Formatting;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Training;

namespace LlmInteractive.Views;

/// <summary>
/// Live training progress for notebooks: pass it as the trainer's <see cref="IProgress{T}"/>. The first report
/// displays the view; later reports only record numbers and update the display at most every
/// <see cref="MinInterval"/> (default 250 ms), so its cost stays far below 1% of training. The last step
/// (Step ≥ TotalSteps) or <see cref="Complete"/> replaces it with a final summary.
/// </summary>
public sealed class TrainingProgressView : IProgress<TrainingProgress>
{
    readonly object gate = new();
    readonly List<double> steps = [], losses = [], validationSteps = [], validationLosses = [];
    readonly Stopwatch sinceUpdate = new();
    DisplayedValue? handle;
    TrainingProgress? latest;
    bool completed, finalShown;

    public TrainingProgressView(string title = "Training", TimeSpan? minInterval = null)
    {
        Title = title;
        MinInterval = minInterval ?? TimeSpan.FromMilliseconds(250);
        if (MinInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(minInterval), minInterval, "The update interval must be zero or positive.");
    }

    public string Title { get; }

    public TimeSpan MinInterval { get; }

    /// <summary>How many times the display was written (first display plus updates).</summary>
    public int DisplayCount { get; private set; }

    public bool IsCompleted { get { lock (gate) return completed; } }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (completed) return;
            latest = value;
            steps.Add(value.Step);
            losses.Add(value.Loss);
            if (value.ValidationLoss is { } validation)
            {
                validationSteps.Add(value.Step);
                validationLosses.Add(validation);
            }
            if (value.TotalSteps > 0 && value.Step >= value.TotalSteps) completed = true;
            else if (handle is not null && sinceUpdate.Elapsed < MinInterval) return;
            Show();
        }
    }

    /// <summary>Shows the final summary (call it when training stops before the last step, e.g. on early stopping).</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (finalShown) return;
            completed = true;
            if (latest is not null) Show();
        }
    }

    /// <summary>The numbers recorded so far, as displayed.</summary>
    public TrainingProgressSnapshot Snapshot()
    {
        lock (gate)
            return new TrainingProgressSnapshot(Title, latest, steps.ToArray(), losses.ToArray(), validationSteps.ToArray(), validationLosses.ToArray(), completed);
    }

    void Show()
    {
        var snapshot = Snapshot();
        if (handle is null) handle = Displays.Show(snapshot);
        else handle.Update(snapshot);
        DisplayCount++;
        finalShown = completed;
        sinceUpdate.Restart();
    }
}
