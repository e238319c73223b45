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
        // Coloured by surprisal, half a bit per level: 0.42 → 1.25 bits, 0.05 → 4.32 bits, 0.9 → 0.15 bits.
        Assert.Equal(["s2", "s8", "s0"], scored.Select(t => t.ClassList.First(c => c.StartsWith('s'))).ToList());
        Assert.Equal([1.2515, 4.3219, 0.152], scored.Select(t => double.Parse(t.GetAttribute("data-bits")!, CultureInfo.InvariantCulture)).ToList());
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
    public void Html_legend_is_in_bits_with_green_for_expected_and_red_for_surprising_tokens()
    {
        var html = TokenProbabilitiesHtml.Render(ViewTestData.Probabilities());
        var doc = ViewTestData.Parse(html);

        var legend = doc.QuerySelector(".legend")!;
        Assert.StartsWith("surprisal −log₂ p: 0 bits (p = 1)", legend.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("≥ 7.5 bits", legend.TextContent);
        var swatches = legend.QuerySelectorAll(".sw").ToList();
        Assert.Equal(ColorScale.Levels, swatches.Count);
        Assert.Equal("1–1.5 bits (p 0.5–0.354)", swatches[2].GetAttribute("title"));
        Assert.Equal("≥ 7.5 bits (p ≤ 0.0055)", swatches[^1].GetAttribute("title"));
        // The scoped style colours level 0 with the green end of the palette and level 15 with the red end.
        var style = doc.QuerySelector("style")!.TextContent;
        Assert.Contains($".s0{{background:{ColorScale.Surprisal[0]}}}", style);
        Assert.Contains($".s15{{background:{ColorScale.Surprisal[15]}}}", style);
        Assert.Equal(ColorScale.Probability[^1], ColorScale.Surprisal[0]);   // green
        Assert.Equal(ColorScale.Probability[0], ColorScale.Surprisal[^1]);   // red
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.9, 0)]      // 0.15 bits
    [InlineData(0.5, 2)]      // exactly 1 bit starts level 2
    [InlineData(0.25, 4)]
    [InlineData(0.1, 6)]      // 3.32 bits
    [InlineData(1.0 / 89, 12)] // a uniform guess among Moby Dick's 89 characters: 6.48 bits
    [InlineData(0.0055, 15)]  // 7.5 bits
    [InlineData(1e-9, 15)]    // saturates
    [InlineData(0.0, 15)]
    [InlineData(double.NaN, 15)]
    public void Surprisal_level_is_half_a_bit_per_colour_and_saturates_at_the_red_end(double probability, int level) =>
        Assert.Equal(level, ColorScale.SurprisalLevel(probability));

    [Fact]
    public void A_certain_token_carries_zero_bits_not_minus_zero()
    {
        var certain = new TokenProbabilities(["a"], [new ScoredToken(1, "b", 1.0, [])], false);
        Assert.Contains("p=1       0 bits", TokenProbabilitiesText.Render(certain));
        Assert.Equal("0", ViewTestData.Parse(TokenProbabilitiesHtml.Render(certain)).QuerySelector(".t[data-bits]")!.GetAttribute("data-bits"));
    }

    [Fact]
    public void Typical_character_probabilities_spread_over_the_surprisal_scale_instead_of_all_landing_in_the_red_half()
    {
        // A character model gives most tokens p between 0.05 and 0.6: linear in p they share the 10 lowest (red to
        // amber) levels; in bits they spread from green to orange, and only rare tokens reach red.
        double[] typical = [0.6, 0.45, 0.3, 0.2, 0.12, 0.05];
        Assert.All(typical, p => Assert.True(ColorScale.Level(p) < 10));
        Assert.Equal([1, 2, 3, 4, 6, 8], typical.Select(ColorScale.SurprisalLevel).ToList());
        var levels = Enumerable.Range(1, 999).Select(i => ColorScale.SurprisalLevel(i / 1000.0)).ToList();
        Assert.Equal(levels.OrderDescending(), levels);                  // never greener for a less likely token
        Assert.Equal(Enumerable.Range(0, ColorScale.Levels), levels.Distinct().Order()); // every colour is reachable
    }

    [Fact]
    public void Generated_text_says_so_and_plain_text_lists_tokens()
    {
        var generated = ViewTestData.Probabilities() with { Generated = true };
        var bundle = MimeBundles.From(generated);
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.Contains("generated tokens", (string)bundle.Data["text/html"]);
        var text = (string)bundle.Data["text/plain"];
        Assert.StartsWith("Generated 3 tokens", text, StringComparison.Ordinal);
        Assert.Contains("␣dog 0.31", text);
        Assert.Contains("p=0.05    4.32 bits", text);   // each line carries the surprisal the HTML colours by
    }

    [Fact]
    public void Logits_passed_as_probabilities_are_rejected_with_a_hint()
    {
        var bad = new TokenProbabilities([], [new ScoredToken(1, "x", 3.2, [])], false);
        var error = Assert.Throws<ArgumentException>(() => TokenProbabilitiesHtml.Render(bad));
        Assert.Contains("softmax", error.Message);
    }
}
