using LlmInteractive.Kernel.Display;
using LlmInteractive.Runtime;
using LlmInteractive.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Views;

public class TensorAndModelViewTests
{
    public TensorAndModelViewTests()
    {
        TorchRuntime.EnsureLoaded();
        ViewFormatters.Register();
    }

    [Fact]
    public void Small_matrix_is_a_heat_table_with_exact_values_and_stats()
    {
        using var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var bundle = MimeBundles.From(t);
        Assert.Equal(["text/html", "text/plain"], bundle.Data.Keys.Order());
        var doc = ViewTestData.Parse((string)bundle.Data["text/html"]);
        var cells = doc.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["1", "2", "3", "4", "5", "6"], cells);
        var text = (string)bundle.Data["text/plain"];
        Assert.Contains("Tensor (2, 3) Float32 on cpu: 6 values, min 1, max 6, mean 3.5, std 1.87", text);
    }

    [Fact]
    public void Large_tensor_is_summarised_and_counts_nan_and_inf()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros(1000, 1000);
        t[0, 0] = torch.tensor(float.NaN);
        t[1, 1] = torch.tensor(float.PositiveInfinity);
        t[2, 2] = torch.tensor(10f);
        var summary = TensorSummary.From(t);
        Assert.Null(summary.Values);
        Assert.Equal(1, summary.NaNs);
        Assert.Equal(1, summary.Infinities);
        Assert.Equal(10, summary.Max);
        Assert.Equal(0, summary.Min);
        var html = summary.ToHtml();
        Assert.True(html.Length < 4000, $"summary html is {html.Length} chars");
        Assert.Empty(ViewTestData.Parse(html).QuerySelectorAll("table"));
    }

    [Fact]
    public void Module_summary_counts_parameters_per_module()
    {
        using var model = nn.Sequential(("embed", nn.Embedding(50, 8)), ("proj", nn.Linear(8, 4)));
        model.named_parameters().First(p => p.name.StartsWith("proj", StringComparison.Ordinal)).parameter.requires_grad = false;
        var summary = ModelSummary.From(model, "tiny");
        Assert.Equal(50 * 8 + 8 * 4 + 4, summary.Parameters);
        Assert.Equal(50 * 8 + 4, summary.Trainable); // the projection's bias stays trainable
        Assert.Equal(["tiny", "embed", "proj"], summary.Modules.Select(m => m.Path));
        Assert.Equal(36, summary.Modules[2].TotalParameters);

        var bundle = MimeBundles.From(model);
        var doc = ViewTestData.Parse((string)bundle.Data["text/html"]);
        Assert.Contains("436", doc.QuerySelector(".kv")!.TextContent);
        Assert.Equal(3, doc.QuerySelectorAll("tr").Length - 1);
    }
}
