namespace LlmInteractive.Scaling;

/// <summary>Input checks shared by the fits, with messages that say what to change.</summary>
internal static class FitInputs
{
    public static void Check(IReadOnlyList<double> x, string xName, IReadOnlyList<double> loss, int minimumPoints)
    {
        if (x.Count != loss.Count)
            throw new ArgumentException($"{xName} has {x.Count} values but loss has {loss.Count}: pass one loss per {xName}.");
        if (x.Count < minimumPoints)
            throw new ArgumentException(
                $"A power-law fit needs at least {minimumPoints} points, got {x.Count}: add models of other sizes to the sweep.");
        for (int i = 0; i < x.Count; i++)
        {
            if (!(x[i] > 0) || !double.IsFinite(x[i]))
                throw new ArgumentException($"{xName}[{i}] = {x[i]}: sizes must be finite and positive (log axes).");
            if (!double.IsFinite(loss[i]) || loss[i] < 0)
                throw new ArgumentException($"loss[{i}] = {loss[i]}: losses must be finite and non-negative (did training diverge?).");
        }
        if (x.Distinct().Count() < minimumPoints)
            throw new ArgumentException(
                $"{xName} has only {x.Distinct().Count()} distinct values: a power law needs at least {minimumPoints} different sizes.");
    }
}
