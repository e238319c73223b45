using System.Diagnostics;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

/// <summary>Records what a cell sends, with the time since creation of each call.</summary>
public sealed class RecordingOutput(Action<string>? onStream = null) : IExecutionOutput
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<(TimeSpan At, string Name, string Text)> streams = [];
    readonly List<(MimeBundle Bundle, string? DisplayId, bool Update)> displays = [];

    public IReadOnlyList<(TimeSpan At, string Name, string Text)> Streams { get { lock (streams) return streams.ToList(); } }

    public IReadOnlyList<(MimeBundle Bundle, string? DisplayId, bool Update)> Displays { get { lock (displays) return displays.ToList(); } }

    public TimeSpan Elapsed => clock.Elapsed;

    public int Clears { get; private set; }

    public string Text(string name = "stdout") => string.Concat(Streams.Where(s => s.Name == name).Select(s => s.Text));

    public void Stream(string name, string text)
    {
        lock (streams) streams.Add((clock.Elapsed, name, text));
        onStream?.Invoke(text);
    }

    public void Display(MimeBundle bundle, string? displayId, bool update) { lock (displays) displays.Add((bundle, displayId, update)); }

    public void Clear(bool wait) => Clears++;

    /// <summary>Lines the "user" types when the cell asks for input, in order; none left means input is not allowed.</summary>
    public Queue<string> Answers { get; } = new();

    /// <summary>The (prompt, password) of each input request.</summary>
    public List<(string Prompt, bool Password)> Questions { get; } = [];

    public Task<string> RequestInputAsync(string prompt, bool password, CancellationToken cancellation)
    {
        lock (Questions) Questions.Add((prompt, password));
        lock (Answers)
            return Answers.TryDequeue(out var answer) ? Task.FromResult(answer) : throw new InvalidOperationException(IExecutionOutput.InputNotAllowed);
    }
}
