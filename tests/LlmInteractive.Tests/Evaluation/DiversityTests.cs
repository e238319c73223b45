using LlmInteractive.Evaluation;

namespace LlmInteractive.Tests.Evaluation;

public sealed class DiversityTests
{
    static IReadOnlyList<string> T(string text) => text.Split(' ');

    [Fact]
    public void Distinct_n_pools_n_grams_over_texts()
    {
        // "the cat sat" + "the cat ran": bigrams the·cat (twice), cat·sat, cat·ran → 3 distinct of 4.
        Assert.Equal(3.0 / 4, Diversity.DistinctN([T("the cat sat"), T("the cat ran")], 2), 12);
        // Unigrams: the, cat, sat, ran distinct of 6.
        Assert.Equal(4.0 / 6, Diversity.DistinctN([T("the cat sat"), T("the cat ran")], 1), 12);
        Assert.Equal(1.0, Diversity.DistinctN([T("a b c d")], 3), 12);
        Assert.Equal(0, Diversity.DistinctN([T("a")], 2));   // no bigram at all
    }

    [Fact]
    public void Repeated_share_is_one_minus_unique_over_total_within_a_text()
    {
        // "a b a b a b": bigrams ab ba ab ba ab → 2 unique of 5, so 3 of 5 repeat an earlier one.
        Assert.Equal(3.0 / 5, Diversity.RepeatedNGramShare(T("a b a b a b"), 2), 12);
        Assert.Equal(0, Diversity.RepeatedNGramShare(T("call me ishmael some years ago"), 2));
        Assert.Equal(0, Diversity.RepeatedNGramShare(T("a"), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Diversity.RepeatedNGramShare(T("a b"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Diversity.DistinctN([T("a b")], 0));
    }

    [Fact]
    public void A_loop_is_the_longest_periodic_tail()
    {
        // "the sea and " repeats from index 4 on: period 12, a tail of 4 + 12·3 − 4 = 36 characters.
        const string text = "xyz the sea and the sea and the sea and";
        var loop = RepetitionLoop.Find(text.ToList());
        Assert.NotNull(loop);
        Assert.Equal(12, loop.Period);
        Assert.Equal(text.Length - text.IndexOf("the", StringComparison.Ordinal) + 1, loop.Length);   // the space before "the" also repeats
        Assert.Equal(text.Length - loop.Length, loop.Start);
        Assert.Equal(loop.Length / 12.0, loop.Repeats, 12);
        // The shortest of equally long periods: "aaaa" has period 1, not 2.
        Assert.Equal(1, RepetitionLoop.Find("baaaa".ToList())!.Period);
        // No period occurs twice at the end of "abcd".
        Assert.Null(RepetitionLoop.Find("abcd".ToList()));
        // Demanding three repeats rejects a tail with two.
        Assert.Null(RepetitionLoop.Find("xabab".ToList(), minRepeats: 3));
        Assert.Equal(4, RepetitionLoop.Find("xabab".ToList())!.Length);
    }

    [Fact]
    public void Word_tokens_are_lower_case_words_and_punctuation()
    {
        Assert.Equal(["call", "me", "ishmael", ".", "the", "whale's", "back", "—", "white", "!"],
            WordTokens.Of("Call me Ishmael. The whale's back—white!"));
        Assert.Empty(WordTokens.Of("  \n"));
    }
}
