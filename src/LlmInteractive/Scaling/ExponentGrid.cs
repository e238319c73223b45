namespace LlmInteractive.Scaling;

/// <summary>
/// Candidate exponents for the coarse search of power-law fits: log-spaced from 0.005 to 4, which covers every
/// exponent reported for language models (Kaplan's α_N ≈ 0.076 to Hoffmann's α ≈ 0.34) with room either side.
/// </summary>
internal static class ExponentGrid
{
    public static IReadOnlyList<double> Values { get; } = Build(0.005, 4, 240);

    public static IReadOnlyList<double> Coarse { get; } = Build(0.005, 4, 70);

    private static double[] Build(double low, double high, int count) =>
        Enumerable.Range(0, count).Select(i => low * Math.Pow(high / low, i / (double)(count - 1))).ToArray();
}
