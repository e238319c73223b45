using System.Text.Json;
using LlmInteractive.Scaling;
using Plotly.NET;

namespace LlmInteractive.Tests.Scaling;

public class ScalingChartsTests
{
    [Fact]
    public void Loss_versus_compute_has_one_trace_per_curve_plus_the_floor_on_log_axes()
    {
        var small = new List<ScalingPoint> { new(1e3, 1e4, 2.0), new(1e3, 2e4, 1.8) };
        var large = new List<ScalingPoint> { new(1e4, 1e4, 1.9), new(1e4, 2e4, 1.5) };

        var chart = ScalingCharts.LossVersusCompute([("small", small), ("large", large)], "sweep", floor: 1.2);

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(chart));
        var data = figure.RootElement.GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        Assert.Equal(6e7, data[0].GetProperty("x")[0].GetDouble(), 1e-3); // C = 6ND
        Assert.Equal("floor H = 1.200", data[2].GetProperty("name").GetString());
        Assert.Equal("log", figure.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void An_empty_sweep_is_refused_with_a_reason()
    {
        Assert.Contains("at least one learning curve",
            Assert.Throws<ArgumentException>(() => ScalingCharts.LossVersusCompute([], "empty")).Message);
    }
}

public class LineChartsTests
{
    [Fact]
    public void Lines_keep_their_names_titles_and_axis_types()
    {
        var chart = LlmInteractive.Experiments.LineCharts.Lines(
            [new("a", [1, 2, 3], [3, 2, 1]), new("b", [1, 2], [1, 1], Dashed: true)], "title", "x", "y", logY: true);

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(chart));
        Assert.Equal(2, figure.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal("dash", figure.RootElement.GetProperty("data")[1].GetProperty("line").GetProperty("dash").GetString());
        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal("title", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("linear", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Mismatched_series_name_the_problem()
    {
        Assert.Contains("one y per x", Assert.Throws<ArgumentException>(() =>
            LlmInteractive.Experiments.LineCharts.Lines([new("a", [1, 2], [1])], "t", "x", "y")).Message);
    }
}
