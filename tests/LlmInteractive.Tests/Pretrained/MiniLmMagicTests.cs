using LlmInteractive.Tests.Extension;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>In a notebook: <c>var minilm = Pretrained.MiniLM();</c> then <c>#!attention --model minilm</c>.</summary>
[Collection(ExtensionCollection.Name)]
public sealed class MiniLmMagicTests(ExtensionSession session)
{
    [Fact]
    public async Task Attention_magic_shows_the_pretrained_model_with_its_own_tokenizer()
    {
        await session.OkAsync("var minilm = Pretrained.MiniLM();");
        try
        {
            // The session also defines a char tokenizer `tok`; the model's own WordPiece tokenizer is used unless one is named.
            var output = await session.OkAsync("#!attention --model minilm --layer 5 --head 11 the cat sat");
            var svg = (string)Assert.Single(output.Displays).Bundle.Data["image/svg+xml"];
            Assert.Contains("Layer 5 · head 11", svg);
            Assert.Contains("[CLS]", svg);
            Assert.Contains("[SEP]", svg);

            var (similar, _) = await session.RunAsync(
                "var e = minilm.Embed([\"A man is eating food.\", \"A man is eating bread.\"]); e[0].Zip(e[1], (a, b) => a * b).Sum()");
            Assert.InRange(double.Parse((string)similar.Result!.Data["text/plain"], System.Globalization.CultureInfo.InvariantCulture), 0.5, 1.0);

            var (summary, _) = await session.RunAsync("minilm");
            Assert.Contains("22,713,216", (string)summary.Result!.Data["text/html"]); // the model summary, as for any lab model
        }
        finally
        {
            await session.OkAsync("minilm.Encoder.Dispose(); minilm = null;");
        }
    }
}
