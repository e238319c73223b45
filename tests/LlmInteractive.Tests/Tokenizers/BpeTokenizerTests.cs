using System.Diagnostics;
using System.Text;
using LlmInteractive.Data;
using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Tokenizers;

public class BpeTokenizerTests
{
    private const string Corpus =
        "the cat sat on the mat. the cat ate the rat. that is the theme of the thesis; " +
        "the other cats sat there, then they ate. Ünïcödé wörds and 日本語のテキスト and emoji 😀😀😀 too.";

    private static readonly Lazy<BpeTokenizer> Trained = new(() => BpeTokenizer.Train(string.Concat(Enumerable.Repeat(Corpus, 20)), 320));

    [Fact]
    public void Starts_from_256_byte_tokens_and_learns_merges_up_to_the_vocab_size()
    {
        var tokenizer = Trained.Value;
        Assert.Equal(320, tokenizer.VocabSize);
        Assert.Equal(64, tokenizer.Merges.Count);
        Assert.Equal("bpe", tokenizer.Name);
        // The first merge is the most frequent adjacent byte pair within pre-tokenised words (ties: smallest pair).
        var counts = new Dictionary<(int, int), int>();
        foreach (var word in Gpt2PreTokenizer.Split(string.Concat(Enumerable.Repeat(Corpus, 20))))
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            for (int i = 0; i + 1 < bytes.Length; i++) counts[(bytes[i], bytes[i + 1])] = counts.GetValueOrDefault((bytes[i], bytes[i + 1])) + 1;
        }
        var expected = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;
        Assert.Equal(expected, tokenizer.Merges[0]);
    }

    [Fact]
    public void Frequent_words_become_single_tokens()
    {
        var tokenizer = Trained.Value;
        Assert.Single(tokenizer.Encode(" the"));
        Assert.Single(tokenizer.Encode(" cat"));
        Assert.True(tokenizer.Encode(" hippopotamus").Count > 5, "an unseen word falls back to small pieces");
        Assert.True(tokenizer.Encode(Corpus).Count < Encoding.UTF8.GetByteCount(Corpus) / 2);
    }

    [Fact]
    public void Merges_do_not_cross_word_boundaries()
    {
        var tokenizer = Trained.Value;
        // " the" and " cat" are single tokens, so " the cat" is exactly two, never one merged across the space.
        var ids = tokenizer.Encode(" the cat");
        Assert.Equal(2, ids.Count);
        foreach (int id in Enumerable.Range(0, tokenizer.VocabSize))
        {
            string text = tokenizer.TokenText(id);
            // A token never holds a letter followed by a space (the pre-tokeniser puts spaces before words).
            Assert.DoesNotMatch(@"\p{L} ", text);
        }
    }

    [Fact]
    public void Round_trips_random_unicode_strings()
    {
        var tokenizer = Trained.Value;
        var random = new Random(11);
        for (int i = 0; i < 2000; i++)
        {
            string text = RandomText.Next(random, 40);
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
        Assert.Empty(tokenizer.Encode(""));
        Assert.Equal("", tokenizer.Decode([]));
    }

    [Fact]
    public void Round_trips_random_unicode_with_a_tokenizer_trained_on_random_unicode()
    {
        var random = new Random(3);
        string corpus = string.Concat(Enumerable.Range(0, 300).Select(_ => RandomText.Next(random, 30)));
        var tokenizer = BpeTokenizer.Train(corpus, 600);
        for (int i = 0; i < 1000; i++)
        {
            string text = RandomText.Next(random, 40);
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
        Assert.Equal(corpus, tokenizer.Decode(tokenizer.Encode(corpus)));
    }

    [Fact]
    public void Partial_utf8_tokens_show_their_bytes()
    {
        var tokenizer = Trained.Value;
        Assert.Equal("\\xE2", tokenizer.TokenText(0xE2));
        Assert.Equal("a", tokenizer.TokenText('a'));
        // "é" is two bytes; each byte alone is a partial sequence.
        var bytes = Encoding.UTF8.GetBytes("é");
        Assert.Equal($"\\x{bytes[0]:X2}", tokenizer.TokenText(bytes[0]));
    }

    [Fact]
    public void Merged_multibyte_character_shows_as_the_character()
    {
        var tokenizer = BpeTokenizer.Train(string.Concat(Enumerable.Repeat("日日日 ", 50)), 260);
        var ids = tokenizer.Encode("日");
        Assert.Single(ids);
        Assert.Equal("日", tokenizer.TokenText(ids[0]));
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        Assert.Contains("empty corpus", Assert.Throws<ArgumentException>(() => BpeTokenizer.Train("", 300)).Message, StringComparison.Ordinal);
        Assert.Contains(">= 256", Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Train("abc", 100)).Message, StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trained.Value.Decode([1, 320]));
        Assert.Contains("0..319", error.Message, StringComparison.Ordinal);
        Assert.Contains("position 1", Assert.Throws<ArgumentException>(() => Trained.Value.Encode("a\uDC00")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new BpeTokenizer([(1, 300)]));
    }

    [Fact]
    public void Training_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => BpeTokenizer.Train(Corpus, 300, cancelled.Token));
        using (Runtime.HostStandIn.Running(cancelled.Token))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => BpeTokenizer.Train(Corpus, 300));
        }
    }

    [Fact]
    public void Small_corpus_stops_when_no_pairs_are_left()
    {
        var tokenizer = BpeTokenizer.Train("abab", 1000);
        Assert.Equal(258, tokenizer.VocabSize); // "ab", then "abab"
        Assert.Equal([257], tokenizer.Encode("abab"));
    }

    [Fact]
    public void Trains_on_a_megabyte_in_seconds()
    {
        string corpus = MegabyteCorpus();
        var watch = Stopwatch.StartNew();
        var tokenizer = BpeTokenizer.Train(corpus, 512);
        watch.Stop();
        Assert.Equal(512, tokenizer.VocabSize);
        // About 0.5 s of CPU on this corpus; the bound is loose because the suite runs on a shared, busy machine. A full
        // recount per merge would take minutes.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"training took {watch.Elapsed}");
        string sample = corpus[..20_000];
        Assert.Equal(sample, tokenizer.Decode(tokenizer.Encode(sample)));
    }

    // Moby Dick when it has been fetched; otherwise a megabyte of Zipf-distributed pseudo-words of the same size.
    private static string MegabyteCorpus()
    {
        try
        {
            return Datasets.MobyDick();
        }
        catch (FileNotFoundException)
        {
            var random = new Random(1);
            var words = Enumerable.Range(0, 5000).Select(i => new string(Enumerable.Range(0, 2 + i % 9).Select(_ => (char)('a' + random.Next(26))).ToArray())).ToArray();
            var builder = new StringBuilder();
            while (builder.Length < 1_200_000) builder.Append(' ').Append(words[(int)(words.Length * Math.Pow(random.NextDouble(), 3))]);
            return builder.ToString();
        }
    }
}
