namespace LlmInteractive.Views;

/// <summary>
/// Unique element ids for rendered views: several outputs share one page in a notebook, so every CSS rule and
/// pattern id is scoped under its own root id.
/// </summary>
public static class MarkupIds
{
    static int counter;

    public static string Next(string prefix) =>
        $"{prefix}-{Environment.ProcessId:x}-{Interlocked.Increment(ref counter):x}-{Random.Shared.Next(0x10000):x4}";
}
