using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Tokenizers;

public class TokenizerStoreTests
{
    private const string Sample = "the quick brown fox jumps over the lazy dog 😀 日本";

    [Fact]
    public void Char_tokenizer_survives_json()
    {
        var original = CharTokenizer.FromCorpus(Sample);
        var loaded = Assert.IsType<CharTokenizer>(TokenizerStore.FromJson(TokenizerStore.ToJson(original)));
        Assert.Equal(original.Alphabet, loaded.Alphabet);
        Assert.Equal(original.Encode(Sample), loaded.Encode(Sample));
    }

    [Fact]
    public void Bpe_tokenizer_survives_a_file()
    {
        var original = BpeTokenizer.Train(string.Concat(Enumerable.Repeat(Sample, 10)), 300);
        string path = Path.Combine(Path.GetTempPath(), $"llmi-tokenizer-{Guid.NewGuid():N}", "tokenizer.json");
        try
        {
            TokenizerStore.Save(original, path);
            var loaded = Assert.IsType<BpeTokenizer>(TokenizerStore.Load(path));
            Assert.Equal(original.Merges, loaded.Merges);
            Assert.Equal(original.Encode(Sample), loaded.Encode(Sample));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Cl100k_is_stored_by_name()
    {
        string json = TokenizerStore.ToJson(Cl100kTokenizer.Shared);
        Assert.Contains("\"cl100k\"", json, StringComparison.Ordinal);
        Assert.Same(Cl100kTokenizer.Shared, TokenizerStore.FromJson(json));
    }

    [Fact]
    public void Bad_documents_are_clear_errors()
    {
        Assert.Contains("Unknown tokenizer type \"wordpiece\"",
            Assert.Throws<FormatException>(() => TokenizerStore.FromJson("{\"type\":\"wordpiece\"}")).Message, StringComparison.Ordinal);
        Assert.Contains("no \"type\"", Assert.Throws<FormatException>(() => TokenizerStore.FromJson("{}")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<FormatException>(() => TokenizerStore.FromJson("{type")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TokenizerStore.FromJson("{\"type\":\"bpe\",\"merges\":[[5,999]]}"));
        Assert.Throws<FileNotFoundException>(() => TokenizerStore.Load("/nonexistent/tokenizer.json"));
        Assert.Throws<NotSupportedException>(() => TokenizerStore.ToJson(new FakeTokenizer()));
    }

    private sealed class FakeTokenizer : ITokenizer
    {
        public string Name => "fake";
        public int VocabSize => 1;
        public IReadOnlyList<int> Encode(string text) => [];
        public string Decode(IEnumerable<int> ids) => "";
        public string TokenText(int id) => "";
    }
}
