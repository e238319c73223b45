using LlmInteractive.Data;

namespace LlmInteractive.Tests.Data;

public class TextSplitsTests
{
    [Fact]
    public void Text_is_cut_into_contiguous_90_5_5_parts()
    {
        string text = string.Concat(Enumerable.Range(0, 1000).Select(i => (char)('a' + i % 26)));
        var split = TextSplits.Split(text);
        Assert.Equal(900, split.Train.Length);
        Assert.Equal(50, split.Validation.Length);
        Assert.Equal(50, split.Test.Length);
        Assert.Equal(text, split.Train + split.Validation + split.Test);
    }

    [Fact]
    public void Cuts_never_split_a_surrogate_pair()
    {
        string text = string.Concat(Enumerable.Repeat("😀", 50)); // 100 UTF-16 units
        var split = TextSplits.Split(text, 0.45, 0.1);
        Assert.Equal(text, split.Train + split.Validation + split.Test);
        Assert.All(new[] { split.Train, split.Validation, split.Test }, part => Assert.Equal(0, part.Length % 2));
    }

    [Fact]
    public void Labelled_split_is_seeded_stratified_and_complete()
    {
        var items = Enumerable.Range(0, 1000).Select(i => new LabelledText($"m{i}", i % 4 == 0, "g", $"{i}")).ToList();
        var split = TextSplits.Split(items, seed: 7);
        Assert.Equal(800, split.Train.Count);
        Assert.Equal(100, split.Validation.Count);
        Assert.Equal(100, split.Test.Count);
        Assert.Equal(200, split.Train.Count(m => m.IsSpam));
        Assert.Equal(25, split.Validation.Count(m => m.IsSpam));
        Assert.Equal(25, split.Test.Count(m => m.IsSpam));
        Assert.Equal(items.Select(m => m.Id).Order(), split.Train.Concat(split.Validation).Concat(split.Test).Select(m => m.Id).Order());

        var again = TextSplits.Split(items, seed: 7);
        Assert.Equal(split.Test.Select(m => m.Id), again.Test.Select(m => m.Id));
        Assert.NotEqual(split.Test.Select(m => m.Id), TextSplits.Split(items, seed: 8).Test.Select(m => m.Id));
    }

    [Fact]
    public void Bad_fractions_are_clear_errors()
    {
        Assert.Contains("train + validation <= 1", Assert.Throws<ArgumentOutOfRangeException>(() => TextSplits.Split("abc", 0.9, 0.2)).Message,
            StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextSplits.Split("abc", -0.1, 0.2));
    }
}
