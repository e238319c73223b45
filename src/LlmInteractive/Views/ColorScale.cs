using System.Globalization;

namespace LlmInteractive.Views;

/// <summary>
/// Quantised colour scales. Views map a value in [0, 1] to one of <see cref="Levels"/> colours so that SVG and HTML
/// can share one CSS class per colour instead of repeating a colour per cell (keeps large grids small).
/// </summary>
public static class ColorScale
{
    public const int Levels = 16;

    // Viridis at 16 evenly spaced stops: perceptually uniform and readable for colour-blind readers.
    static readonly string[] viridis =
    [
        "#440154", "#481a6c", "#472f7d", "#414487", "#39568c", "#31688e", "#2a788e", "#23888e",
        "#1f988b", "#22a884", "#35b779", "#54c568", "#7ad151", "#a5db36", "#d2e21b", "#fde725",
    ];

    // Red (improbable) → amber → green (probable), light enough for dark text on top.
    static readonly string[] probability =
    [
        "#f4a6a6", "#f5b0a2", "#f6ba9e", "#f7c49a", "#f8ce97", "#f9d894", "#fae293", "#f6e795",
        "#eae896", "#dde898", "#cfe69a", "#c1e39c", "#b3df9f", "#a6dba2", "#99d6a5", "#8dd1a8",
    ];

    public static IReadOnlyList<string> Viridis => viridis;

    public static IReadOnlyList<string> Probability => probability;

    /// <summary>The colour level of <paramref name="value"/> in [0, 1] (values outside are clamped; NaN → 0).</summary>
    public static int Level(double value)
    {
        if (double.IsNaN(value) || value <= 0) return 0;
        if (value >= 1) return Levels - 1;
        return Math.Min(Levels - 1, (int)(value * Levels));
    }

    /// <summary>"#rrggbb" text colour that stays readable on <paramref name="level"/> of the viridis scale.</summary>
    public static string ViridisInk(int level) => level >= 10 ? "#111" : "#fff";

    /// <summary>Invariant-culture number formatting for markup (a comma decimal separator would break SVG).</summary>
    public static string F(double value, int decimals = 2) =>
        value.ToString("0." + new string('#', Math.Max(1, decimals)), CultureInfo.InvariantCulture);
}
