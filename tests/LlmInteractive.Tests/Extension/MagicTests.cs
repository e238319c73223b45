using System.Globalization;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Tests.Views;

namespace LlmInteractive.Tests.Extension;

[Collection(ExtensionCollection.Name)]
public sealed class MagicTests(ExtensionSession session)
{
    static string Text(Kernel.Interpreter.MimeBundle bundle, string mime) => (string)bundle.Data[mime];

    [Fact]
    public void Loading_registers_every_magic()
    {
        var names = session.Interpreter.Magics.All.Select(m => m.Name).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "tokens", "attention", "probs", "generate", "device", "seed" });
    }

    [Fact]
    public async Task Tokens_compares_char_bpe_and_cl100k_by_default()
    {
        var output = await session.OkAsync("#!tokens \"the cat sat\"");
        var bundle = Assert.Single(output.Displays).Bundle;
        Assert.Equal(["text/html", "text/plain"], bundle.Data.Keys.Order());
        var rows = ViewTestData.Parse(Text(bundle, "text/html")).QuerySelectorAll("th").Select(th => th.FirstChild!.TextContent).ToList();
        Assert.Equal(["char", "bpe", "cl100k"], rows);
        Assert.Contains("char", Text(bundle, "text/plain"));

        var chosen = await session.OkAsync("#!tokens --tokenizer char --tokenizer cl100k the cat");
        var doc = ViewTestData.Parse(Text(Assert.Single(chosen.Displays).Bundle, "text/html"));
        Assert.Equal(["char", "cl100k"], doc.QuerySelectorAll("th").Select(th => th.FirstChild!.TextContent));
        Assert.Equal("the cat".Length, doc.QuerySelectorAll("tr")[0].QuerySelectorAll(".k").Length);

        var fromVariable = await session.OkAsync("#!tokens --tokenizer tok\na cat");
        Assert.Contains("a|", Text(Assert.Single(fromVariable.Displays).Bundle, "text/plain"));
    }

    [Fact]
    public async Task Probs_scores_each_token_of_the_text()
    {
        var output = await session.OkAsync("#!probs --model gpt --tokenizer tok --top-k 3 the cat");
        var bundle = Assert.Single(output.Displays).Bundle;
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        var doc = ViewTestData.Parse(Text(bundle, "text/html"));
        var scored = doc.QuerySelectorAll(".t[data-p]").ToList();
        Assert.Equal("the cat".Length - 1, scored.Count);
        Assert.All(scored, s => Assert.InRange(double.Parse(s.GetAttribute("data-p")!, CultureInfo.InvariantCulture), 1e-9, 1.0));
        Assert.All(scored, s => Assert.Equal(3, s.QuerySelectorAll(".alt tr").Length));
        Assert.StartsWith("Scored 6 tokens", Text(bundle, "text/plain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attention_shows_the_selected_head_as_html_svg_and_text()
    {
        var output = await session.OkAsync("#!attention --model gpt --layer 1 --head 0 the cat");
        var bundle = Assert.Single(output.Displays).Bundle;
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.Contains("Layer 1 · head 0", Text(bundle, "image/svg+xml"));
        var cells = ViewTestData.Parse(Text(bundle, "image/svg+xml")).QuerySelectorAll("rect[class^='c'] title")
            .Where(t => t.TextContent.StartsWith("query 6 ", StringComparison.Ordinal))
            .Select(t => double.Parse(t.TextContent[(t.TextContent.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(7, cells.Count); // the last query sees all 7 tokens
        Assert.Equal(1.0, cells.Sum(), 2);

        var grid = await session.OkAsync("#!attention --model gpt the cat");
        Assert.Contains("2 layer(s) × 2 head(s)", Text(Assert.Single(grid.Displays).Bundle, "text/plain"));
    }

    [Fact]
    public async Task Attention_shows_the_head_and_neuron_views_on_request()
    {
        var head = Assert.Single((await session.OkAsync("#!attention --model gpt --view head --layer 1 the cat")).Displays).Bundle;
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], head.Data.Keys.Order());
        Assert.StartsWith("Head view: layer 1 of 2, 2 heads, 7 tokens", Text(head, "text/plain"), StringComparison.Ordinal);
        Assert.NotNull(ViewTestData.Parse(Text(head, "text/html")).QuerySelector(".llmi-head select.ls"));

        var neuron = Assert.Single((await session.OkAsync("#!attention --model gpt --view neuron --layer 0 --head 1 --query 4 the cat")).Displays).Bundle;
        Assert.StartsWith("Neuron view: layer 0, head 1, query 4", Text(neuron, "text/plain"), StringComparison.Ordinal);
        Assert.Equal(2, Text(neuron, "text/plain").Split('\n').Count(l => l.Contains("masked", StringComparison.Ordinal))); // keys 5 and 6
    }

    [Fact]
    public async Task Generate_streams_into_one_display_then_shows_probabilities()
    {
        var output = await session.OkAsync("#!generate --model gpt --max-tokens 6 --temperature 0.8 --top-k 5 --seed 7 the");
        Assert.True(output.Displays.Count >= 2);
        Assert.False(output.Displays[0].Update);
        Assert.Contains("generating", Text(output.Displays[0].Bundle, "text/html"));
        Assert.All(output.Displays.Skip(1), d => Assert.True(d.Update));
        Assert.Single(output.Displays.Select(d => d.DisplayId).Distinct());
        var final = output.Displays[^1].Bundle;
        Assert.StartsWith("Generated 6 tokens", Text(final, "text/plain"), StringComparison.Ordinal);
        Assert.Equal(6, ViewTestData.Parse(Text(final, "text/html")).QuerySelectorAll(".t[data-p]").Length);

        var again = await session.OkAsync("#!generate --model gpt --max-tokens 6 --temperature 0.8 --top-k 5 --seed 7 the");
        Assert.Equal(Text(final, "text/plain"), Text(again.Displays[^1].Bundle, "text/plain")); // same seed, same text
    }

    [Fact]
    public async Task Seed_makes_torch_reproducible()
    {
        var first = await session.OkAsync("#!seed 123");
        Assert.Contains("Seeded torch", string.Concat(first.Streams.Select(s => s.Text)));
        var (a, _) = await session.RunAsync("torch.rand(3).sum().item<float>()");
        await session.OkAsync("#!seed 123");
        var (b, _) = await session.RunAsync("torch.rand(3).sum().item<float>()");
        Assert.Equal(a.Result!.Data["text/plain"], b.Result!.Data["text/plain"]);
    }

    [Fact]
    public async Task Device_lists_the_cpu_and_selects_it()
    {
        var output = await session.OkAsync("#!device cpu");
        var bundle = Assert.Single(output.Displays).Bundle;
        Assert.Equal(["text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.StartsWith("* cpu", Text(bundle, "text/plain"), StringComparison.Ordinal);
        var (outcome, _) = await session.RunAsync("#!device tpu");
        Assert.Equal(MagicDispatcher.UsageError, outcome.Error!.Name);
        Assert.Contains("cpu, cuda or cuda:N", outcome.Error.Value);
    }

    [Theory]
    [InlineData("#!probs --model gpt --top-k 0 the", "--top-k must be 1 or more")]
    [InlineData("#!probs the cat", "--model")]
    [InlineData("#!probs --model nope the", "No variable named 'nope'")]
    [InlineData("#!probs --model notAModel the", "not a language model")]
    [InlineData("#!attention --model gpt --tokenizer missing the", "No tokenizer variable named 'missing'")]
    [InlineData("#!attention --model gpt --view lines the", "'lines'")]
    [InlineData("#!generate --model gpt --top-p 1.5 the", "--top-p must be in (0, 1]")]
    [InlineData("#!tokens --tokenizer wordpiece the", "Unknown tokenizer 'wordpiece'")]
    [InlineData("#!probs --model gpt", "Give the TEXT")]
    [InlineData("#!seed many", "many")]
    public async Task Bad_arguments_are_usage_errors_that_say_what_to_do(string cell, string expected)
    {
        var (outcome, _) = await session.RunAsync(cell);
        Assert.NotNull(outcome.Error);
        Assert.Equal(MagicDispatcher.UsageError, outcome.Error.Name);
        Assert.Contains(expected, outcome.Error.Value);
    }

    [Fact]
    public async Task Layer_out_of_range_names_the_valid_range()
    {
        var (outcome, _) = await session.RunAsync("#!attention --model gpt --layer 9 the");
        Assert.Contains("0..1", outcome.Error!.Value);
    }

    [Fact]
    public async Task Models_tensors_and_training_progress_display_as_views_in_cells()
    {
        var (model, _) = await session.RunAsync("gpt");
        var html = (string)model.Result!.Data["text/html"];
        Assert.Contains("FLOPs/token", html);
        Assert.Contains("context", html);

        var (tensor, _) = await session.RunAsync("torch.ones(2, 2)");
        Assert.Contains("Tensor (2, 2) Float32 on cpu: 4 values", (string)tensor.Result!.Data["text/plain"]);

        var progress = await session.OkAsync("""
            var view = new TrainingProgressView("t");
            view.Report(new TrainingProgress(1, 2, 3.0, null, 1e-3, 100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
            view.Report(new TrainingProgress(2, 2, 2.5, 2.6, 1e-3, 100, TimeSpan.FromSeconds(2), TimeSpan.Zero));
            """);
        Assert.Equal([false, true], progress.Displays.Select(d => d.Update));
        Assert.Contains("t finished", (string)progress.Displays[^1].Bundle.Data["text/plain"]);
    }

    [Fact]
    public async Task Help_shows_usage_as_a_directive()
    {
        var output = await session.OkAsync("#!generate -h");
        var help = string.Concat(output.Streams.Select(s => s.Text));
        Assert.Contains("#!generate", help);
        Assert.Contains("--temperature", help);
    }
}
