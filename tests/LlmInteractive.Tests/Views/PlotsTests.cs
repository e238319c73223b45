using System.Text.Json;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class PlotsTests
{
    public PlotsTests() => ViewFormatters.Register();

    [Fact]
    public void Loss_curves_are_plotly_json_with_an_offline_svg_fallback()
    {
        var chart = Plots.LossCurves(new LossCurve("train", [1, 2, 3, 4], [4.0, 3.1, 2.7, 2.5]), new LossCurve("validation", [2, 4], [3.3, 2.9]));
        var bundle = MimeBundles.From(chart);
        Assert.Equal(["application/vnd.plotly.v1+json", "image/svg+xml", "text/html", "text/plain"], bundle.Data.Keys.Order());
        Assert.StartsWith("<svg", (string)bundle.Data["image/svg+xml"], StringComparison.Ordinal);
        var figure = (JsonElement)bundle.Data["application/vnd.plotly.v1+json"];
        var data = figure.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("scatter", data[0].GetProperty("type").GetString());
        Assert.Equal([4.0, 3.1, 2.7, 2.5], data[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("step", figure.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());

        var html = (string)bundle.Data["text/html"];
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var doc = ViewTestData.Parse(html);
        Assert.Equal(2, doc.QuerySelectorAll("svg polyline").Length);
        Assert.Contains("validation", doc.QuerySelector("svg")!.TextContent);
        Assert.Contains("2 trace(s): train, validation", (string)bundle.Data["text/plain"]);
    }

    [Fact]
    public void Training_results_become_train_and_validation_curves()
    {
        var result = new LlmInteractive.Training.TrainingResult([new(1, 3.0), new(2, 2.5)], [new(2, 2.7)], 100, 50, TimeSpan.FromSeconds(2), 1, 2);
        var figure = JsonDocument.Parse(PlotlyFallback.FigureJson(Plots.LossCurves(("small", result)))).RootElement;
        Assert.Equal(["small train", "small validation"], figure.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public void LogLog_fits_a_power_law_and_draws_it_dashed_over_the_points()
    {
        double[] n = [1e5, 1e6, 1e7, 1e8];
        var loss = n.Select(x => 20 * Math.Pow(x, -0.1)).ToArray();
        var fit = PowerLawFit.Fit(n, loss);
        Assert.Equal(-0.1, fit.Exponent, 6);
        Assert.Equal(20, fit.A, 4);
        Assert.Equal(1, fit.RSquared, 6);

        var chart = Plots.LogLog(n, loss, "parameters", "loss");
        var figure = JsonDocument.Parse(PlotlyFallback.FigureJson(chart)).RootElement;
        Assert.Equal("log", figure.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("markers", figure.GetProperty("data")[0].GetProperty("mode").GetString());
        Assert.StartsWith("fit: y = 20", figure.GetProperty("data")[1].GetProperty("name").GetString(), StringComparison.Ordinal);
        var doc = ViewTestData.Parse(PlotlyFallback.Html(chart));
        Assert.Equal(4, doc.QuerySelectorAll("svg circle").Length);
        Assert.Equal("6 4", doc.QuerySelector("svg polyline")!.GetAttribute("stroke-dasharray"));
        Assert.Contains("Scaling", doc.QuerySelector("svg text.t")!.TextContent);
    }

    [Fact]
    public void LogLog_rejects_data_log_axes_cannot_show()
    {
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => Plots.LogLog([0, -1], [1, 2])).Message);
        Assert.Contains("one y per x", Assert.Throws<ArgumentException>(() => Plots.LogLog([1, 2], [1])).Message);
    }
}
