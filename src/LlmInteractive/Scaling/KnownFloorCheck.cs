namespace LlmInteractive.Scaling;

/// <summary>
/// Compares a fitted floor E with a floor known from elsewhere (the entropy rate of a synthetic source). No predictor
/// beats the entropy rate in expectation, so a fitted E below it is not a discovery but a sign that the fit
/// extrapolated a trend the sweep did not pin down: the warning says so, with the size of the miss.
/// </summary>
internal static class KnownFloorCheck
{
    public static bool IsBelow(double fittedFloor, double? knownFloor) => knownFloor is { } h && fittedFloor < h;

    public static string? Warning(double fittedFloor, double standardError, double? knownFloor)
    {
        if (knownFloor is not { } h || fittedFloor >= h) return null;
        var error = double.IsFinite(standardError) ? $" ± {standardError:F3}" : " (no standard error: too few points)";
        return $"Impossible floor: the fitted E = {fittedFloor:F3}{error} is {h - fittedFloor:F3} nats below the known entropy rate " +
               $"H = {h:F3}, which no model can beat. The fit extrapolates the trend of these runs; they do not pin the floor down.";
    }
}
