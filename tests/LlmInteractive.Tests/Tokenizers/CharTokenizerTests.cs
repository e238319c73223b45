using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Tokenizers;

public class CharTokenizerTests
{
    [Fact]
    public void Vocabulary_is_sorted_distinct_characters_of_the_corpus()
    {
        var tokenizer = CharTokenizer.FromCorpus("hello world");
        Assert.Equal(" dehlorw", tokenizer.Alphabet);
        Assert.Equal(8, tokenizer.VocabSize);
        Assert.Equal([3, 2, 4, 4, 5], tokenizer.Encode("hello"));
        Assert.Equal("l", tokenizer.TokenText(4));
        Assert.Equal("char", tokenizer.Name);
    }

    [Fact]
    public void Astral_characters_are_one_token_each()
    {
        var tokenizer = CharTokenizer.FromCorpus("a😀b😀");
        Assert.Equal(3, tokenizer.VocabSize);
        var ids = tokenizer.Encode("😀a😀");
        Assert.Equal(3, ids.Count);
        Assert.Equal("😀", tokenizer.TokenText(ids[0]));
        Assert.Equal("😀a😀", tokenizer.Decode(ids));
    }

    [Fact]
    public void Round_trips_random_unicode_over_its_own_corpus()
    {
        var random = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            string text = RandomText.Next(random, 60);
            if (text.Length == 0) continue;
            var tokenizer = CharTokenizer.FromCorpus(text);
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Empty_corpus_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => CharTokenizer.FromCorpus(""));
        Assert.Contains("empty corpus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_character_error_names_the_character_and_position()
    {
        var tokenizer = CharTokenizer.FromCorpus("abc");
        var error = Assert.Throws<ArgumentException>(() => tokenizer.Encode("abxc"));
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_id_error_names_the_valid_range()
    {
        var tokenizer = CharTokenizer.FromCorpus("abc");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([0, 3]));
        Assert.Contains("0..2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.TokenText(-1));
    }

    [Fact]
    public void Lone_surrogate_in_corpus_is_rejected_with_its_position()
    {
        var error = Assert.Throws<ArgumentException>(() => CharTokenizer.FromCorpus("ab\uD800c"));
        Assert.Contains("position 2", error.Message, StringComparison.Ordinal);
    }
}
