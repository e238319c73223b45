namespace LlmInteractive.Evaluation;

/// <summary>Precision, recall and their harmonic mean F1 of an overlap between a candidate and a reference.</summary>
public sealed record OverlapScore(double Precision, double Recall)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>
    /// F_β = (1 + β²) P R / (R + β² P): recall counts β times as much as precision. Lin (2004) defines ROUGE-L's
    /// F-measure this way and uses a large β, which makes it almost pure recall.
    /// </summary>
    public double FBeta(double beta)
    {
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be a finite number > 0 (1 gives F1).");
        var b2 = beta * beta;
        return Precision + Recall == 0 ? 0 : (1 + b2) * Precision * Recall / (Recall + b2 * Precision);
    }

    /// <summary>matched of candidate units (precision) and of reference units (recall); 0 where a side is empty.</summary>
    public static OverlapScore Of(long matched, long candidateUnits, long referenceUnits) =>
        new(candidateUnits == 0 ? 0 : (double)matched / candidateUnits, referenceUnits == 0 ? 0 : (double)matched / referenceUnits);
}
