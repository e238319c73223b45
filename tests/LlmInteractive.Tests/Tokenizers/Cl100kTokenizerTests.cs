using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Tokenizers;

public class Cl100kTokenizerTests
{
    private static Cl100kTokenizer Tokenizer => Cl100kTokenizer.Shared;

    [Fact]
    public void Encodes_like_gpt4()
    {
        // Reference ids from the published cl100k_base encoding.
        Assert.Equal([15339, 1917], Tokenizer.Encode("hello world"));
        Assert.Equal("cl100k", Tokenizer.Name);
        Assert.Equal(100277, Tokenizer.VocabSize);
        Assert.Equal(" world", Tokenizer.TokenText(1917));
        Assert.Equal("<|endoftext|>", Tokenizer.TokenText(100257));
    }

    [Fact]
    public void Round_trips_random_unicode_strings()
    {
        var random = new Random(5);
        for (int i = 0; i < 500; i++)
        {
            string text = RandomText.Next(random, 40);
            Assert.Equal(text, Tokenizer.Decode(Tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Partial_utf8_token_shows_bytes()
    {
        // An emoji that is not one token splits into byte tokens; at least one of them holds a partial sequence.
        var ids = Tokenizer.Encode("🦜");
        Assert.True(ids.Count > 1);
        Assert.Contains(ids, id => Tokenizer.TokenText(id).Contains("\\x", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_ids_are_rejected_with_the_valid_range()
    {
        Assert.Contains("0..100276", Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([100277])).Message, StringComparison.Ordinal);
        Assert.Contains("unused", Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.TokenText(100256)).Message, StringComparison.Ordinal);
    }
}
