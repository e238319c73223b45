using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class AttentionViewTests
{
    public AttentionViewTests() => ViewFormatters.Register();

    [Fact]
    public void Single_head_svg_has_one_titled_cell_per_visible_weight_and_rows_sum_to_one()
    {
        var tokens = ViewTestData.Tokens(6);
        var maps = ViewTestData.Attention(2, 3, tokens, causal: true);
        var svg = AttentionSvg.Render(maps.View(layer: 1, head: 2));
        var doc = ViewTestData.Parse(svg);

        var cells = doc.QuerySelectorAll("svg rect[class^='c'] title").Select(t => t.TextContent).Where(t => t.StartsWith("query", StringComparison.Ordinal)).ToList();
        Assert.Equal(6 * 7 / 2, cells.Count); // lower triangle only: the future is masked
        for (var q = 0; q < 6; q++)
        {
            var row = cells.Where(c => c.StartsWith($"query {q} ", StringComparison.Ordinal))
                .Select(c => double.Parse(c[(c.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(q + 1, row.Count);
            Assert.Equal(1.0, row.Sum(), 3);
            Assert.Equal(maps.Weights[1][2][q][0], row[0], 4);
        }
        Assert.Contains("masked", doc.QuerySelector("path.m title")!.TextContent);
        var labels = doc.QuerySelectorAll("text").Select(t => t.TextContent).ToList();
        Assert.Contains("␣the", labels);
        Assert.Contains("⏎", labels);
        Assert.Contains("<b>", labels); // escaped in markup, intact as text
        Assert.Contains("Layer 1 · head 2", svg);
    }

    [Fact]
    public void Bidirectional_attention_has_no_mask_and_full_rows()
    {
        var maps = ViewTestData.Attention(1, 1, ViewTestData.Tokens(4), causal: false);
        var doc = ViewTestData.Parse(AttentionSvg.Render(maps.View(0, 0)));
        Assert.Empty(doc.QuerySelectorAll("path.m"));
        Assert.Equal(16, doc.QuerySelectorAll("rect[class^='c'] title").Count(t => t.TextContent.StartsWith("query", StringComparison.Ordinal)));
    }

    [Fact]
    public void Html_embeds_weights_that_decode_to_the_input_with_future_masked()
    {
        var tokens = ViewTestData.Tokens(9);
        var maps = ViewTestData.Attention(2, 2, tokens, causal: true, seed: 4);
        var doc = ViewTestData.Parse(AttentionHtml.Render(new AttentionView(maps)));
        Assert.Equal(3, doc.QuerySelectorAll("select.ls option").Length); // all, 0, 1
        Assert.Equal(3, doc.QuerySelectorAll("select.hs option").Length);
        Assert.Empty(doc.QuerySelectorAll("script[src], link[href]")); // nothing fetched from the network

        using var data = JsonDocument.Parse(doc.QuerySelector("script[type='application/json']")!.TextContent);
        var root = data.RootElement;
        Assert.Equal(1, root.GetProperty("block").GetInt32());
        Assert.Equal("␣the", root.GetProperty("tokens")[0].GetString());
        var bytes = Convert.FromBase64String(root.GetProperty("data").GetString()!);
        Assert.Equal(4 * 9 * 9 * 2, bytes.Length);
        for (var p = 0; p < 4; p++)
            for (var q = 0; q < 9; q++)
            {
                double sum = 0;
                for (var k = 0; k < 9; k++)
                {
                    var v = BitConverter.ToUInt16(bytes, ((p * 81) + q * 9 + k) * 2);
                    if (k > q) { Assert.Equal(ushort.MaxValue, v); continue; }
                    var w = v / 65534.0;
                    Assert.Equal(maps.Weights[p / 2][p % 2][q][k], w, 1e-4);
                    sum += w;
                }
                Assert.Equal(1.0, sum, 3);
            }
    }

    [Fact]
    public void Formatter_emits_html_svg_and_text_for_attention_maps()
    {
        var maps = ViewTestData.Attention(2, 2, ViewTestData.Tokens(5), causal: true);
        var bundle = MimeBundles.From(maps);
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.Contains("2 layer(s) × 2 head(s) over 5 tokens", (string)bundle.Data["text/plain"]);
        var single = MimeBundles.From(maps.View(0, 1));
        Assert.Contains("␣the", (string)single.Data["text/plain"]);
        Assert.Contains("·", (string)single.Data["text/plain"]); // masked cells in the text matrix
    }

    [Fact]
    public void Bad_selection_names_the_valid_range()
    {
        var maps = ViewTestData.Attention(2, 2, ViewTestData.Tokens(3), causal: true);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => maps.View(layer: 5));
        Assert.Contains("0..1", error.Message);
        var ragged = maps with { Tokens = ViewTestData.Tokens(4) };
        Assert.Contains("tokens × tokens", Assert.Throws<ArgumentException>(() => AttentionSvg.Render(new AttentionView(ragged))).Message);
    }

    [Fact]
    public void Twelve_layers_by_twelve_heads_by_256_tokens_formats_within_budget()
    {
        var maps = ViewTestData.Attention(12, 12, ViewTestData.Tokens(256), causal: true, seed: 7);
        MimeBundles.From(maps); // warm up (JIT), then measure
        // Process CPU time is reported beside wall time: on a shared, loaded machine wall time mostly measures waiting.
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        var bundle = MimeBundles.From(maps);
        watch.Stop();
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var sizes = bundle.Data.ToDictionary(kv => kv.Key, kv => System.Text.Encoding.UTF8.GetByteCount((string)kv.Value));
        var total = sizes.Values.Sum();
        Console.WriteLine($"attention 12x12x256: {watch.ElapsedMilliseconds} ms wall, {cpu.TotalMilliseconds:F0} ms CPU, {total / 1024} KiB ({string.Join(", ", sizes.Select(s => $"{s.Key} {s.Value / 1024} KiB"))})");
        Assert.True(total <= 2 * 1024 * 1024, $"bundle is {total} bytes");
        // The target is 200 ms on an idle core; the bound here leaves room for a shared, busy build machine.
        Assert.True(watch.ElapsedMilliseconds < 2000, $"formatting took {watch.ElapsedMilliseconds} ms");
    }
}
