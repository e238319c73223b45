namespace LlmInteractive.Tests.Training;

/// <summary>Deterministic token streams for the training tests.</summary>
static class TestText
{
    /// <summary>A character stream with strong bigram structure (a repeated sentence), as ids 0 .. Vocabulary − 1.</summary>
    public static int[] Tokens(int count = 4000)
    {
        const string text = "the quick brown fox jumps over the lazy dog. ";
        var alphabet = text.Distinct().Order().ToList();
        return Enumerable.Range(0, count).Select(i => alphabet.IndexOf(text[i % text.Length])).ToArray();
    }

    public static int Vocabulary => "the quick brown fox jumps over the lazy dog. ".Distinct().Count();
}

/// <summary>An IProgress that runs its handler on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
