using LlmInteractive.Kernel.Display;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class TokenizationViewTests
{
    public TokenizationViewTests() => ViewFormatters.Register();

    [Fact]
    public void Shows_every_tokenizer_with_token_texts_and_ids()
    {
        const string text = "the cat sat\non the mat.";
        var view = new TokenizationView(text, new LetterTokenizer("char"), new WordTokenizer());
        var doc = ViewTestData.Parse(view.ToHtml());
        var rows = doc.QuerySelectorAll("tr").ToList();
        Assert.Equal(2, rows.Count);

        var chars = rows[0].QuerySelectorAll(".k").ToList();
        Assert.Equal(text.Length, chars.Count);
        Assert.Equal("t20", chars[0].TextContent); // token text then id
        Assert.Equal("␣0", chars[3].TextContent);
        Assert.Equal("⏎27", chars[11].TextContent);
        var words = rows[1].QuerySelectorAll(".k").Select(k => k.FirstChild!.TextContent).ToList();
        Assert.Equal(["the", "␣cat", "␣sat", "⏎on", "␣the", "␣mat."], words);
        Assert.Contains("6 tokens", rows[1].QuerySelector("th")!.TextContent);

        var bundle = MimeBundles.From(view);
        Assert.Contains("char", (string)bundle.Data["text/plain"]);
        Assert.Contains("␣cat|1", (string)bundle.Data["text/plain"]);
    }

    [Fact]
    public void Needs_at_least_one_tokenizer()
    {
        Assert.Contains("at least one tokenizer", Assert.Throws<ArgumentException>(() => new TokenizationView("x")).Message);
    }
}
