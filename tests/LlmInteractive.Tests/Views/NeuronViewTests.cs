using System.Globalization;
using System.Text.Json;
using LlmInteractive.Interpretability;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Models;
using LlmInteractive.Tests.Models;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class NeuronViewTests
{
    public NeuronViewTests() => ViewFormatters.Register();

    /// <summary>Queries and keys of a tiny GPT on a short text: real vectors with a causal mask.</summary>
    internal static QueryKeyVectors Captured()
    {
        using var model = TinyModels.Gpt(layers: 2);
        return QueryKeyCapture.Capture(model, new LetterTokenizer(), "the cat sat.");
    }

    [Fact]
    public void Html_embeds_the_layers_vectors_and_the_models_weights()
    {
        var vectors = Captured();
        var doc = ViewTestData.Parse(NeuronViewHtml.Render(vectors.NeuronView(layer: 1, head: 1, query: 4)));
        Assert.Empty(doc.QuerySelectorAll("script[src], link[href]"));
        Assert.Equal(2, doc.QuerySelectorAll("select.hs option").Length);
        Assert.Equal(vectors.Tokens.Count, doc.QuerySelectorAll(".qt").Length);
        using var data = JsonDocument.Parse(doc.QuerySelector("script[type='application/json']")!.TextContent);
        var root = data.RootElement;
        Assert.Equal((1, 1, 4, 16), (root.GetProperty("layer").GetInt32(), root.GetProperty("head").GetInt32(), root.GetProperty("query").GetInt32(), root.GetProperty("d").GetInt32()));
        var floats = Floats(root.GetProperty("vectors").GetString()!);
        int T = vectors.Tokens.Count, D = vectors.HeadSize;
        Assert.Equal(2 * 2 * T * D, floats.Length);
        // [head][q|k][token][dim]: head 1's key of token 3, dimension 5.
        Assert.Equal(vectors.Keys[1][1][3][5], floats[((1 * 2 + 1) * T + 3) * D + 5]);
        Assert.Equal(vectors.Queries[1][0][2][7], floats[((0 * 2 + 0) * T + 2) * D + 7]);
        var weights = Floats(root.GetProperty("weights").GetString()!);
        Assert.Equal(vectors.Attention.Weights[1][1][4][2], weights[(1 * T + 4) * T + 2]);
    }

    [Fact]
    public void Svg_and_text_show_softmax_of_scaled_dot_products_equal_to_the_models_weights()
    {
        var vectors = Captured();
        var view = vectors.NeuronView(layer: 1, head: 0, query: 5);
        var svg = NeuronViewSvg.Render(view);
        var texts = ViewTestData.Parse(svg).QuerySelectorAll("text").Select(t => t.TextContent).ToList();
        Assert.Contains("Neuron view · layer 1 · head 0 · query 5", svg);
        Assert.Equal(vectors.Tokens.Count - 6, texts.Count(t => t.StartsWith("masked", StringComparison.Ordinal))); // keys after the query
        var softmax = vectors.Softmax(1, 0, 5);
        for (var k = 0; k <= 5; k++)
        {
            Assert.Equal(vectors.Attention.Weights[1][0][5][k], softmax[k], 5);
            Assert.Contains(ColorScale.F(softmax[k], 4), texts);
        }
        var text = NeuronViewText.Render(view);
        Assert.Contains("score = q·k × 1/√16 = q·k × 0.25", text);
        var firstRow = text.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (dot, score) = (double.Parse(firstRow[^4], CultureInfo.InvariantCulture), double.Parse(firstRow[^3], CultureInfo.InvariantCulture));
        Assert.InRange(Math.Abs(dot * 0.25 - score), 0, 0.0015); // both printed to 3 decimals
        Assert.Equal(firstRow[^2], firstRow[^1]); // softmax and the model's weight agree to 4 decimals
    }

    [Fact]
    public void Formatter_emits_html_svg_and_text_and_rejects_a_bad_query()
    {
        var vectors = Captured();
        var bundle = MimeBundles.From(vectors.NeuronView(0, 1, 2));
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.Contains("0..", Assert.Throws<ArgumentOutOfRangeException>(() => vectors.NeuronView(0, 0, vectors.Tokens.Count)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => vectors.NeuronView(0, 2, 0));
    }

    static float[] Floats(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToSingle(bytes, i * 4)).ToArray();
    }
}
