namespace LlmInteractive.Evaluation;

/// <summary>Precision, recall and their harmonic mean F1 of an overlap between a candidate and a reference.</summary>
public sealed record OverlapScore(double Precision, double Recall)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>matched of candidate units (precision) and of reference units (recall); 0 where a side is empty.</summary>
    public static OverlapScore Of(long matched, long candidateUnits, long referenceUnits) =>
        new(candidateUnits == 0 ? 0 : (double)matched / candidateUnits, referenceUnits == 0 ? 0 : (double)matched / referenceUnits);
}
