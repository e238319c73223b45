using System.Text;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Runtime;
using LlmInteractive.Training;
using LlmInteractive.Views;
using TorchSharp;

namespace LlmInteractive.Tests.Views;

public class BrowserRenderingTests
{
    /// <summary>Writes a notebook-like page of every view's outputs (as a front end would insert them).</summary>
    public static string WritePage(string directory)
    {
        TorchRuntime.EnsureLoaded();
        ViewFormatters.Register();
        var attention = ViewTestData.Attention(2, 4, "The cat sat on the mat.\nIt purred.".Select(c => c.ToString()).ToArray(), causal: true);
        var progress = new TrainingProgressView("demo", TimeSpan.Zero);
        var output = new RecordingOutput();
        DisplayRouting.Install();
        using (CurrentCell.Use(output))
            for (var step = 1; step <= 200; step++)
                progress.Report(new TrainingProgress(step, 200, 4 * Math.Exp(-step / 60.0) + 1.5, step % 20 == 0 ? 4 * Math.Exp(-step / 70.0) + 1.6 : null,
                    3e-4, 25_000, TimeSpan.FromSeconds(step * 0.1), TimeSpan.FromSeconds((200 - step) * 0.1)));
        using var tensor = torch.arange(0, 24, dtype: torch.float32).reshape(4, 6).sin();
        object[] values =
        [
            attention, attention.View(1, 2), new TokenizationView("the cat sat\non the mat.", new LetterTokenizer("char"), new WordTokenizer()),
            ViewTestData.Probabilities(), tensor,
            Plots.LossCurves(new LossCurve("train", [1, 2, 3, 4, 5], [4, 3.2, 2.8, 2.6, 2.5])),
            Plots.LogLog([1e5, 1e6, 1e7, 1e8], [5.1, 3.9, 3.3, 2.8], "parameters", "loss"),
            new GenerationStream("Once upon a", [" time", " there", " was"], 20),
            new DeviceTable(LlmInteractive.Runtime.Devices.Describe(), "cpu"),
            ModelSummary.From(new LlmInteractive.Models.Gpt(new LlmInteractive.Models.GptConfig(40, ContextLength: 16, Layers: 2, Heads: 2, EmbeddingSize: 16))),
        ];
        var page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>LLM views</title></head><body style=\"margin:16px\">");
        foreach (var value in values)
        {
            var bundle = MimeBundles.From(value);
            page.Append("<section style=\"margin-bottom:24px\">").Append((string)bundle.Data["text/html"]).Append("</section>");
            if (bundle.Data.TryGetValue("image/svg+xml", out var svg)) page.Append("<section>").Append((string)svg).Append("</section>");
        }
        page.Append("<section>").Append((string)output.Displays[^1].Bundle.Data["text/html"]).Append("</section>");
        // Tells the test that every inline script ran to the end.
        page.Append("<script>console.log('views rendered: '+document.querySelectorAll('.llmi-att figure canvas').length+' canvases');</script>");
        // Drives the first attention view like a reader: pick layer 0 (its 4 heads), then head 1 (one zoomed head),
        // then hover a cell of the lower triangle and report the tooltip.
        page.Append("""
            <script>(function(){
            const root=document.querySelector('.llmi-att'),ls=root.querySelector('.ls'),hs=root.querySelector('.hs');
            ls.value='0';ls.dispatchEvent(new Event('change'));const layer=root.querySelectorAll('figure').length;
            hs.value='1';hs.dispatchEvent(new Event('change'));const single=root.querySelectorAll('figure').length;
            const cv=root.querySelector('canvas'),r=cv.getBoundingClientRect();
            cv.dispatchEvent(new MouseEvent('mousemove',{clientX:r.right-8,clientY:r.bottom-8,bubbles:true}));
            console.log('interaction: layer '+layer+' single '+single+' tip '+JSON.stringify(root.querySelector('.tip').textContent));
            })();</script></body></html>
            """);
        var path = Path.Combine(directory, "views.html");
        File.WriteAllText(path, page.ToString());
        return path;
    }

    [ChromiumFact]
    public void All_views_open_in_headless_chromium_without_script_errors()
    {
        var directory = Directory.CreateTempSubdirectory("llmi-views-");
        var page = WritePage(directory.FullName);
        var png = Path.Combine(directory.FullName, "views.png");
        var console = HeadlessChromium.Screenshot(page, png);

        Assert.DoesNotContain(console, line => line.Contains("Uncaught", StringComparison.Ordinal) || line.Contains("Error", StringComparison.Ordinal));
        // The grid of 2 layers × 4 heads, then the single head (one canvas).
        Assert.Contains(console, line => line.Contains("views rendered: 9 canvases", StringComparison.Ordinal));
        var interaction = Assert.Single(console, line => line.Contains("interaction:", StringComparison.Ordinal));
        Console.WriteLine(interaction);
        Assert.Contains("layer 4 single 1", interaction);
        Assert.Matches(@"query 33 \S+\\nkey   33 \S+\\nweight 0\.\d{4}", interaction); // bottom-right cell: last token on itself
        Assert.True(File.Exists(png), "chromium wrote no screenshot");
        var ink = HeadlessChromium.InkFraction(png);
        Assert.True(ink > 0.02, $"the screenshot looks blank ({ink:P2} non-zero filtered bytes)");
        Console.WriteLine($"screenshot {png}: {new FileInfo(png).Length / 1024} KiB, ink {ink:P1}");
    }
}
