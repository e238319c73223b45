namespace LlmInteractive.Evaluation;

/// <summary>
/// The periodic tail of a sequence: from <see cref="Start"/> on, every token equals the one <see cref="Period"/>
/// before it. <see cref="Length"/> counts the tokens of the tail, its first period included.
/// </summary>
public sealed record RepetitionLoop(int Start, int Period, int Length)
{
    /// <summary>How many times the period occurs in the tail (the last one possibly incomplete).</summary>
    public double Repeats => (double)Length / Period;

    /// <summary>
    /// The longest periodic tail of <paramref name="tokens"/> whose period occurs at least <paramref name="minRepeats"/>
    /// times; the shortest period among equally long tails; null when there is none. Greedy decoding that has fallen
    /// into a loop ends in a tail covering most of the text; human text ends in a tail of a few tokens at most.
    /// </summary>
    public static RepetitionLoop? Find<T>(IReadOnlyList<T> tokens, double minRepeats = 2)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!(minRepeats > 1)) throw new ArgumentOutOfRangeException(nameof(minRepeats), minRepeats, "A loop repeats its period more than once.");
        var equal = EqualityComparer<T>.Default;
        RepetitionLoop? best = null;
        int n = tokens.Count;
        for (var period = 1; period * minRepeats <= n; period++)
        {
            // Walk back from the end while each token equals the one a period earlier.
            var run = 0;
            while (n - 1 - run - period >= 0 && equal.Equals(tokens[n - 1 - run], tokens[n - 1 - run - period])) run++;
            var length = run + period;
            if (length >= period * minRepeats && length > (best?.Length ?? 0)) best = new RepetitionLoop(n - length, period, length);
        }
        return best;
    }
}
