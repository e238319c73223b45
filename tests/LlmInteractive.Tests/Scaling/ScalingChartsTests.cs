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
