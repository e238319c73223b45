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

    // The same colours in the other direction, for surprisal: green (0 bits, expected) → red (many bits, surprising).
    static readonly string[] surprisal = [.. probability.Reverse()];

    public static IReadOnlyList<string> Viridis => viridis;

    // Tableau's 10 categorical colours and two more, distinct enough to tell twelve heads apart.
    static readonly string[] categorical =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#6b6ecf", "#17becf", "#8c8c00",
    ];

    /// <summary>One colour per item (a head): the 12 categorical colours, then evenly spaced hues.</summary>
    public static IReadOnlyList<string> Categorical(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i < categorical.Length
            ? categorical[i]
            : $"hsl({F(i * 360.0 / count, 1)},65%,45%)")];

    /// <summary>Red (p = 0) → green (p = 1), linear in p.</summary>
    public static IReadOnlyList<string> Probability => probability;

    /// <summary>Green (0 bits) → red (≥ <see cref="MaxSurprisalBits"/>), one colour per <see cref="SurprisalBitsPerLevel"/>.</summary>
    public static IReadOnlyList<string> Surprisal => surprisal;

    /// <summary>
    /// Width of one surprisal level. Half a bit per level over 16 levels spans 0–8 bits: a fair guess among 2^8 = 256
    /// tokens. Colouring linearly in p puts every p below ½ in the red half although a character model's typical token
    /// has p ≈ 0.1–0.5; in bits those spread over levels 2–6, and only the truly surprising tokens reach the red end.
    /// </summary>
    public const double SurprisalBitsPerLevel = 0.5;

    /// <summary>Surprisal at which the scale saturates: every rarer token gets the last (reddest) level.</summary>
    public const double MaxSurprisalBits = Levels * SurprisalBitsPerLevel;

    /// <summary>
    /// The level of −log₂ <paramref name="probability"/> on the <see cref="Surprisal"/> scale: ⌊bits / 0.5⌋, clamped
    /// to 0..15 (p ≥ 1 → 0; p ≤ 0 and NaN → 15, infinitely surprising).
    /// </summary>
    public static int SurprisalLevel(double probability)
    {
        if (double.IsNaN(probability) || probability <= 0) return Levels - 1;
        if (probability >= 1) return 0;
        return Math.Min(Levels - 1, (int)(-Math.Log2(probability) / SurprisalBitsPerLevel));
    }

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
