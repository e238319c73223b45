namespace LlmInteractive.Experiments;

/// <summary>
/// How much of a gap between two classifiers scored on the same test set is the test set's luck: resample the test
/// examples with replacement, score both classifiers on each resample, and read the spread of the difference
/// (Efron and Tibshirani's percentile bootstrap, paired because both see the same resample).
/// </summary>
public static class PairedBootstrap
{
    /// <summary>Observed F1(A) − F1(B) at the threshold, and its 95 % percentile interval over the resamples.</summary>
    public static (double Difference, double Low, double High) F1Difference(IReadOnlyList<bool> actual,
        IReadOnlyList<double> scoresA, IReadOnlyList<double> scoresB, double threshold = 0.5, int resamples = 2000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scoresA);
        ArgumentNullException.ThrowIfNull(scoresB);
        if (scoresA.Count != actual.Count || scoresB.Count != actual.Count)
            throw new ArgumentException($"{actual.Count} labels but {scoresA.Count} and {scoresB.Count} scores: score every test example with both classifiers.");
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        var a = scoresA.Select(s => s >= threshold).ToArray();
        var b = scoresB.Select(s => s >= threshold).ToArray();
        double observed = F1(actual, a, Enumerable.Range(0, actual.Count)) - F1(actual, b, Enumerable.Range(0, actual.Count));
        var random = new Random(seed);
        var differences = new double[resamples];
        var picks = new int[actual.Count];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < picks.Length; i++) picks[i] = random.Next(picks.Length);
            differences[r] = F1(actual, a, picks) - F1(actual, b, picks);
        }
        Array.Sort(differences);
        return (observed, differences[(int)(0.025 * (resamples - 1))], differences[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }

    static double F1(IReadOnlyList<bool> actual, bool[] predicted, IEnumerable<int> rows) =>
        ClassificationMetrics.From([.. rows.Select(i => actual[i])], [.. rows.Select(i => predicted[i])]).F1;
}
