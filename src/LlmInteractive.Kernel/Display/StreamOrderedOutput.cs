using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Display;

/// <summary>
/// A cell's output that sends pending stdout/stderr text before each display, clear or input request, so a partial
/// line printed before <c>display(x)</c> still appears above it.
/// </summary>
sealed class StreamOrderedOutput(IExecutionOutput inner, StreamBatcher batcher) : IExecutionOutput
{
    /// <summary>Where the cell's console writes gather before they are sent (OutputCapture).</summary>
    public StreamBatcher Batcher => batcher;

    public void Stream(string name, string text)
    {
        batcher.Flush();
        inner.Stream(name, text);
    }

    public void Display(MimeBundle bundle, string? displayId, bool update)
    {
        batcher.Flush();
        inner.Display(bundle, displayId, update);
    }

    public void Clear(bool wait)
    {
        batcher.Flush();
        inner.Clear(wait);
    }

    /// <summary>A prompt printed without a newline (<c>Console.Write("Name: ")</c>) shows before the input box.</summary>
    public Task<string> RequestInputAsync(string prompt, bool password, CancellationToken cancellation)
    {
        batcher.Flush();
        return inner.RequestInputAsync(prompt, password, cancellation);
    }
}
