using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Models;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class HeadViewTests
{
    public HeadViewTests() => ViewFormatters.Register();

    internal static readonly string[] PairTokens = ["[CLS]", "call", "me", "ish", "##mael", ".", "[SEP]", "some", "years", "ago", "[SEP]"];

    [Fact]
    public void Html_embeds_every_layer_and_head_and_decodes_to_the_weights()
    {
        var maps = ViewTestData.Attention(2, 3, ViewTestData.Tokens(7), causal: true, seed: 3);
        var doc = ViewTestData.Parse(HeadViewHtml.Render(maps.HeadView(layer: 1)));
        Assert.Empty(doc.QuerySelectorAll("script[src], link[href]"));
        Assert.Equal(["0", "1"], doc.QuerySelectorAll("select.ls option").Select(o => o.GetAttribute("value")));
        Assert.Equal("1", doc.QuerySelector("select.ls option[selected]")!.GetAttribute("value"));
        Assert.Equal(3, doc.QuerySelectorAll(".sw[data-h]").Length);
        Assert.Null(doc.QuerySelector("select.ms")); // one text: no A/B selector

        using var data = JsonDocument.Parse(doc.QuerySelector("script[type='application/json']")!.TextContent);
        var bytes = Convert.FromBase64String(data.RootElement.GetProperty("data").GetString()!);
        Assert.Equal(2 * 3 * 7 * 7 * 2, bytes.Length);
        for (var l = 0; l < 2; l++)
            for (var h = 0; h < 3; h++)
                for (var q = 0; q < 7; q++)
                    for (var k = 0; k < 7; k++)
                        Assert.Equal(maps.Weights[l][h][q][k], BitConverter.ToUInt16(bytes, ((((l * 3) + h) * 7 + q) * 7 + k) * 2) / 65534.0, 1e-4);
        var colours = data.RootElement.GetProperty("colours").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(3, colours.Distinct().Count());
    }

    [Fact]
    public void A_pair_splits_at_the_first_sep_or_by_token_types_and_offers_the_four_directions()
    {
        var maps = ViewTestData.Attention(1, 2, PairTokens, causal: false);
        var view = maps.HeadView();
        Assert.True(view.IsPair);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], view.Segments);
        var typed = (maps with { TokenTypes = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1] }).HeadView();
        Assert.Equal(3, typed.Segments.Count(s => s == 0)); // token types win over the [SEP] heuristic
        Assert.False(ViewTestData.Attention(1, 1, ["[CLS]", "a", "[SEP]"], causal: false).HeadView().IsPair);

        var doc = ViewTestData.Parse(HeadViewHtml.Render(view));
        Assert.Equal(["all", "0-0", "0-1", "1-0", "1-1"], doc.QuerySelectorAll("select.ms option").Select(o => o.GetAttribute("value")));
        // The static picture draws the two sentences as blocks with a gap and labels them.
        var svg = ViewTestData.Parse(HeadViewSvg.Render(view));
        var labels = svg.QuerySelectorAll("text[text-anchor='end']").ToList();
        double Y(int i) => double.Parse(labels[i].GetAttribute("y")!, CultureInfo.InvariantCulture);
        Assert.True(Y(7) - Y(6) > Y(6) - Y(5) + 10, "no gap between sentence A and sentence B");
        Assert.Equal(["A", "B"], svg.QuerySelectorAll("text.s").Select(t => t.TextContent).Where(t => t is "A" or "B"));
    }

    [Fact]
    public void Svg_draws_one_line_per_visible_weight_above_the_threshold_in_its_head_colour()
    {
        var maps = ViewTestData.Attention(2, 3, ViewTestData.Tokens(6), causal: true, seed: 5);
        var svg = HeadViewSvg.Render(maps.HeadView(layer: 1));
        var doc = ViewTestData.Parse(svg);
        var colours = ColorScale.Categorical(3);
        for (var h = 0; h < 3; h++)
        {
            var expected = 0;
            for (var q = 0; q < 6; q++)
                for (var k = 0; k <= q; k++)
                    if (maps.Weights[1][h][q][k] >= HeadViewSvg.MinWeight) expected++;
            var paths = doc.QuerySelectorAll($"path[stroke='{colours[h]}']");
            Assert.Equal(expected, paths.Sum(p => Regex.Matches(p.GetAttribute("d")!, "M").Count));
            foreach (var path in paths)
            {
                var opacity = double.Parse(path.GetAttribute("stroke-opacity")!, CultureInfo.InvariantCulture);
                Assert.InRange(opacity, 0.1, 1.0);
            }
        }
        Assert.Contains("Head view · layer 1 · 3 heads", svg);
    }

    [Fact]
    public void Formatter_emits_html_svg_and_text_and_bad_input_says_what_to_do()
    {
        var maps = ViewTestData.Attention(2, 2, ViewTestData.Tokens(5), causal: true);
        var bundle = MimeBundles.From(maps.HeadView(1));
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.Contains("Head view: layer 1 of 2, 2 heads, 5 tokens", (string)bundle.Data["text/plain"]);
        Assert.Contains("0..1", Assert.Throws<ArgumentOutOfRangeException>(() => maps.HeadView(2)).Message);
        var tooLong = ViewTestData.Attention(1, 1, ViewTestData.Tokens(HeadView.MaxTokens + 1), causal: true);
        Assert.Contains("model view", Assert.Throws<ArgumentException>(() => tooLong.HeadView()).Message);
        Assert.Contains("token types", Assert.Throws<ArgumentException>(() => (maps with { TokenTypes = [0, 1] }).HeadView()).Message);
        // Two renderings in one page never share an element id.
        Assert.NotEqual(ViewTestData.Parse((string)bundle.Data["text/html"]).Body!.FirstElementChild!.Id,
            ViewTestData.Parse(HeadViewHtml.Render(maps.HeadView(1))).Body!.FirstElementChild!.Id);
    }

    [Fact]
    public void Model_view_is_the_labelled_layer_by_head_grid_with_a_way_back_from_a_zoomed_head()
    {
        var maps = ViewTestData.Attention(3, 4, ViewTestData.Tokens(5), causal: false);
        var view = maps.ModelView();
        Assert.Equal((3, 4), (view.ShownLayers.Count, view.ShownHeads.Count));
        var html = AttentionHtml.Render(view);
        Assert.Contains("table.matrix", html);
        Assert.Contains("button.back", html);
        // The static fallback labels the same matrix: a row label per layer, a column label per head.
        var labels = ViewTestData.Parse(AttentionSvg.Render(view)).QuerySelectorAll("text").Select(t => t.TextContent).ToList();
        Assert.Equal(["L0", "L1", "L2"], labels.Where(t => Regex.IsMatch(t, "^L[0-9]+$")));
        Assert.Equal(["H0", "H1", "H2", "H3"], labels.Where(t => Regex.IsMatch(t, "^H[0-9]+$")));
    }
}
