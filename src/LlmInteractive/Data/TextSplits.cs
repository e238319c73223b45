namespace LlmInteractive.Data;

/// <summary>Train / validation / test parts of one dataset.</summary>
public sealed record DatasetSplit<T>(T Train, T Validation, T Test);

/// <summary>
/// Deterministic dataset splits. Text is cut into contiguous parts (so validation text is unseen, not interleaved with
/// training text); labelled items are shuffled with a seed and stratified, so each part keeps the label proportions.
/// </summary>
public static class TextSplits
{
    /// <summary>Contiguous split, by default 90% / 5% / 5%; cuts never fall inside a surrogate pair.</summary>
    public static DatasetSplit<string> Split(string text, double trainFraction = 0.9, double validationFraction = 0.05)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckFractions(trainFraction, validationFraction);
        int trainEnd = SafeCut(text, (int)Math.Round(text.Length * trainFraction));
        int validationEnd = SafeCut(text, (int)Math.Round(text.Length * (trainFraction + validationFraction)));
        return new DatasetSplit<string>(text[..trainEnd], text[trainEnd..validationEnd], text[validationEnd..]);
    }

    /// <summary>
    /// Seeded, stratified split (by default 80% / 10% / 10%): each label's items are shuffled and cut by the fractions,
    /// then each part is shuffled again so labels are interleaved.
    /// </summary>
    public static DatasetSplit<IReadOnlyList<T>> Split<T, TLabel>(IReadOnlyList<T> items, Func<T, TLabel> labelOf, int seed,
        double trainFraction = 0.8, double validationFraction = 0.1) where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(labelOf);
        CheckFractions(trainFraction, validationFraction);
        var random = new Random(seed);
        List<T> train = [], validation = [], test = [];
        // Groups in first-appearance order, so the result does not depend on hash ordering.
        foreach (var group in items.GroupBy(labelOf))
        {
            var shuffled = group.ToArray();
            random.Shuffle(shuffled);
            int trainEnd = (int)Math.Round(shuffled.Length * trainFraction);
            int validationEnd = (int)Math.Round(shuffled.Length * (trainFraction + validationFraction));
            train.AddRange(shuffled[..trainEnd]);
            validation.AddRange(shuffled[trainEnd..validationEnd]);
            test.AddRange(shuffled[validationEnd..]);
        }
        return new DatasetSplit<IReadOnlyList<T>>(Shuffled(train, random), Shuffled(validation, random), Shuffled(test, random));
    }

    /// <summary>Stratified split of labelled texts by <see cref="LabelledText.IsSpam"/>.</summary>
    public static DatasetSplit<IReadOnlyList<LabelledText>> Split(IReadOnlyList<LabelledText> items, int seed,
        double trainFraction = 0.8, double validationFraction = 0.1) =>
        Split(items, item => item.IsSpam, seed, trainFraction, validationFraction);

    private static T[] Shuffled<T>(List<T> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }

    private static int SafeCut(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;

    private static void CheckFractions(double train, double validation)
    {
        if (!(train >= 0) || !(validation >= 0) || train + validation > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(train),
                $"Split fractions must be >= 0 with train + validation <= 1 (test gets the rest); got train {train}, validation {validation}.");
        }
    }
}
