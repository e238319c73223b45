using System.Globalization;
using LlmInteractive.Evaluation;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class TokenProbabilitiesViewTests
{
    public TokenProbabilitiesViewTests() => ViewFormatters.Register();

    [Fact]
    public void Html_shows_each_token_with_its_probability_alternatives_and_totals()
    {
        var probabilities = ViewTestData.Probabilities();
        var doc = ViewTestData.Parse(TokenProbabilitiesHtml.Render(probabilities));

        var scored = doc.QuerySelectorAll(".t[data-p]").ToList();
        Assert.Equal(3, scored.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(probabilities.Tokens[i].Probability, double.Parse(scored[i].GetAttribute("data-p")!, CultureInfo.InvariantCulture), 6);
            Assert.StartsWith(probabilities.Tokens[i].Text.Replace("\n", "⏎\n", StringComparison.Ordinal), scored[i].TextContent, StringComparison.Ordinal);
        }
        Assert.Contains("p0", scored[1].ClassName); // 0.05: the surprising token is in the red end of the scale
        Assert.Contains("p14", scored[2].ClassName); // 0.9: green end
        var alternatives = scored[1].QuerySelectorAll(".alt tr").Select(r => r.TextContent).ToList();
        Assert.Equal(["␣is0.6", "␣sat0.05"], alternatives);
        Assert.Equal("chosen", scored[1].QuerySelectorAll(".alt tr")[1].ClassName);
        Assert.Equal("The", doc.QuerySelector(".t.ctx")!.TextContent);

        var totals = doc.QuerySelector(".sum")!.TextContent;
        Assert.Contains($"perplexity {probabilities.Perplexity.ToString("0.###", CultureInfo.InvariantCulture)}", totals);
        Assert.Contains($"bits per token {probabilities.BitsPerToken.ToString("0.###", CultureInfo.InvariantCulture)}", totals);
        Assert.Contains($"log-probability {probabilities.LogProbability.ToString("0.###", CultureInfo.InvariantCulture)}", totals);
    }

    [Fact]
    public void Generated_text_says_so_and_plain_text_lists_tokens()
    {
        var generated = ViewTestData.Probabilities() with { Generated = true };
        var bundle = MimeBundles.From(generated);
        Assert.Equal(["text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.Contains("generated tokens", (string)bundle.Data["text/html"]);
        var text = (string)bundle.Data["text/plain"];
        Assert.StartsWith("Generated 3 tokens", text, StringComparison.Ordinal);
        Assert.Contains("␣dog 0.31", text);
    }

    [Fact]
    public void Logits_passed_as_probabilities_are_rejected_with_a_hint()
    {
        var bad = new TokenProbabilities([], [new ScoredToken(1, "x", 3.2, [])], false);
        var error = Assert.Throws<ArgumentException>(() => TokenProbabilitiesHtml.Render(bad));
        Assert.Contains("softmax", error.Message);
    }
}
