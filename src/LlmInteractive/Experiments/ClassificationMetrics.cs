namespace LlmInteractive.Experiments;

/// <summary>
/// Binary classification counts and the metrics derived from them (positive class = spam in notebook 04).
/// A ratio whose denominator is zero (e.g. precision when nothing was predicted positive) is 0, as scikit-learn's
/// default zero_division does, so a classifier that never says "spam" scores 0 rather than NaN.
/// </summary>
public sealed record ClassificationMetrics(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>Of the messages flagged positive, the share that are positive.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Of the positive messages, the share that were flagged.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall: 2TP / (2TP + FP + FN).</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Rows = actual (negative, positive), columns = predicted (negative, positive), as scikit-learn prints it.</summary>
    public int[][] ConfusionMatrix => [[TrueNegatives, FalsePositives], [FalseNegatives, TruePositives]];

    public static ClassificationMetrics From(IReadOnlyList<bool> actual, IReadOnlyList<bool> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
            throw new ArgumentException(
                $"{actual.Count} labels but {predicted.Count} predictions: pass one prediction per example.", nameof(predicted));
        if (actual.Count == 0)
            throw new ArgumentException("No examples: metrics need at least one labelled prediction.", nameof(actual));
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            switch (actual[i], predicted[i])
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; break;
            }
        }
        return new ClassificationMetrics(tp, fp, tn, fn);
    }

    /// <summary>The metrics as named numbers, for a results table or the notebook's JSON results.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["accuracy"] = Accuracy, ["precision"] = Precision, ["recall"] = Recall, ["f1"] = F1,
        ["tp"] = TruePositives, ["fp"] = FalsePositives, ["tn"] = TrueNegatives, ["fn"] = FalseNegatives,
    };

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : numerator / (double)denominator;
}
