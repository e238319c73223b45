using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Tokenizers;

public class Gpt2PreTokenizerTests
{
    [Fact]
    public void Splits_like_gpt2()
    {
        // A whitespace run leaves its last character to the next piece when that is a word ("  test" → " ", " test");
        // before a non-space it is split the same way ("\n\n日" → "\n", "\n", "日").
        Assert.Equal(["Hello", " world", "'s", " 123", " ", " test", "!!", "\n", "\n", "日本語", " 😀😀"],
            Gpt2PreTokenizer.Split("Hello world's 123  test!!\n\n日本語 😀😀"));
        Assert.Empty(Gpt2PreTokenizer.Split(""));
    }

    [Fact]
    public void Pieces_concatenate_back_to_the_text_and_keep_surrogate_pairs_whole()
    {
        var random = new Random(2);
        for (int i = 0; i < 500; i++)
        {
            string text = RandomText.Next(random, 50);
            var pieces = Gpt2PreTokenizer.Split(text);
            Assert.Equal(text, string.Concat(pieces));
            Assert.All(pieces, piece =>
            {
                Assert.False(char.IsLowSurrogate(piece[0]), "piece starts inside a surrogate pair");
                Assert.False(char.IsHighSurrogate(piece[^1]), "piece ends inside a surrogate pair");
            });
        }
    }
}
