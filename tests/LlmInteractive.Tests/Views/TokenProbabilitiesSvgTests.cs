using System.Xml.Linq;
using LlmInteractive.Evaluation;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

/// <summary>The static picture GitHub's preview shows in place of the token view: well-formed, coloured, complete or cut with a notice.</summary>
public class TokenProbabilitiesSvgTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public TokenProbabilitiesSvgTests() => ViewFormatters.Register();

    [Fact]
    public void Each_token_is_a_box_on_its_surprisal_colour_with_its_numbers_and_alternatives_in_the_tooltip()
    {
        var probabilities = ViewTestData.Probabilities();
        var svg = XDocument.Parse(TokenProbabilitiesSvg.Render(probabilities));   // well-formed XML, or this throws
        var boxes = svg.Descendants(Svg + "g").ToList();
        Assert.Equal(probabilities.Context.Count + probabilities.Tokens.Count, boxes.Count);

        var cat = boxes[1];
        Assert.Equal(ColorScale.Surprisal[TokenProbabilitiesHtml.Level(0.42)], cat.Element(Svg + "rect")!.Attribute("fill")!.Value);
        var title = cat.Element(Svg + "title")!.Value;
        Assert.Contains("p = 0.42", title);
        Assert.Contains("surprisal 1.25 bits", title);
        Assert.Contains("␣dog", title);
        Assert.Equal("#ececec", boxes[0].Element(Svg + "rect")!.Attribute("fill")!.Value);   // the context token
        // The surprising token is on a redder colour than the expected one; the newline is drawn as ⏎.
        Assert.NotEqual(cat.Element(Svg + "rect")!.Attribute("fill")!.Value, boxes[2].Element(Svg + "rect")!.Attribute("fill")!.Value);
        Assert.Equal("⏎", boxes[3].Element(Svg + "text")!.Value);
        Assert.Contains("perplexity", svg.Root!.Elements(Svg + "text").First().Value);
    }

    [Fact]
    public void Long_texts_are_cut_with_a_notice_and_the_formatter_offers_the_svg()
    {
        var tokens = Enumerable.Range(0, TokenProbabilitiesSvg.MaxTokens + 50)
            .Select(i => new ScoredToken(i % 50, "ab", 0.5, [])).ToList();
        var svg = TokenProbabilitiesSvg.Render(new TokenProbabilities([], tokens, Generated: true));
        var doc = XDocument.Parse(svg);
        Assert.Equal(TokenProbabilitiesSvg.MaxTokens, doc.Descendants(Svg + "g").Count());
        Assert.Contains($"{TokenProbabilitiesSvg.MaxTokens} of {tokens.Count} tokens drawn", svg);

        var bundle = MimeBundles.From(ViewTestData.Probabilities());
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
    }
}
