namespace LlmInteractive.Experiments;

/// <summary>One operating point: flag as positive every score ≥ <paramref name="Threshold"/>.</summary>
public sealed record OperatingPoint(double Threshold, double Precision, double Recall, double F1, int FalsePositives);

/// <summary>
/// Precision and recall at every distinct score threshold (as scikit-learn's precision_recall_curve), with average
/// precision AP = Σ (R_k − R_{k−1})·P_k, the step-wise area under the curve that a random ranking scores at the
/// positive share.
/// </summary>
public static class PrecisionRecallCurve
{
    /// <returns>Points from the highest threshold (few flagged) to the lowest (all flagged).</returns>
    public static IReadOnlyList<OperatingPoint> Points(IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        if (actual.Count != scores.Count) throw new ArgumentException($"{actual.Count} labels but {scores.Count} scores.", nameof(scores));
        int positives = actual.Count(a => a);
        if (positives == 0) throw new ArgumentException("No positive example: recall is undefined.", nameof(actual));
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<OperatingPoint>();
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (actual[order[k]]) tp++; else fp++;
            // Ties share one threshold: emit a point only after the last example with this score.
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            double precision = tp / (double)(tp + fp), recall = tp / (double)positives;
            points.Add(new OperatingPoint(scores[order[k]], precision, recall,
                precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), fp));
        }
        return points;
    }

    public static double AveragePrecision(IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        double ap = 0, previousRecall = 0;
        foreach (var p in Points(actual, scores))
        {
            ap += (p.Recall - previousRecall) * p.Precision;
            previousRecall = p.Recall;
        }
        return ap;
    }
}
