using System.Text.Json;
using LlmInteractive.Experiments;
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

public class IsoFlopChartsTests
{
    private static IsoFlopProfile Profile(double compute, double shift) =>
        IsoFlopProfile.Fit(compute, new[] { 6.0, 8, 10, 12, 14 }
            .Select(u => new ScalingPoint(Math.Exp(u), compute / (6 * Math.Exp(u)), 3 - shift - 0.2 * u + 0.01 * u * u)).ToList());

    [Fact]
    public void Iso_flop_profiles_pair_each_budget_points_with_an_unlabelled_parabola_of_the_same_colour()
    {
        var chart = ScalingCharts.IsoFlopProfiles([Profile(1e12, 0), Profile(1e13, 0.3)], "iso", [new("entropy rate H", 0.5)],
            heldOut: new ScalingPoint(5e4, 1e8, 1.6), heldOutPrediction: 1.62);

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(chart));
        var data = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal("markers", data[0].GetProperty("mode").GetString());
        Assert.False(data[1].GetProperty("showlegend").GetBoolean());
        Assert.Equal(data[0].GetProperty("marker").GetProperty("color").GetString(), data[1].GetProperty("line").GetProperty("color").GetString());
        Assert.NotEqual(data[0].GetProperty("marker").GetProperty("color").GetString(), data[2].GetProperty("marker").GetProperty("color").GetString());
        var names = data.Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("parabola minima", names);
        Assert.Contains("held-out: predicted before training", names);
        Assert.Contains("entropy rate H = 0.500", names);
        Assert.Equal("log", figure.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());

        // The SVG fallback keeps the colours and leaves the parabolas out of the legend.
        var svg = LlmInteractive.Views.PlotlyFallback.Svg(chart);
        Assert.DoesNotContain("parabola<", svg);
        Assert.Contains("fill=\"#1f77b4\"", svg);
        Assert.StartsWith("Plotly chart 'iso': 6 trace(s): C = 1.0e12, C = 1.0e13, parabola minima", LlmInteractive.Views.PlotlyFallback.Text(chart), StringComparison.Ordinal);
    }

    [Fact]
    public void The_optimal_size_chart_draws_the_fitted_law_out_to_the_held_out_budget()
    {
        var analysis = IsoFlopAnalysis.Fit([Profile(1e12, 0), Profile(1e13, 0.3), Profile(1e14, 0.5)]);

        var chart = ScalingCharts.OptimalParametersVersusCompute(analysis, "opt", extendTo: 1e15);

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(chart));
        var law = figure.RootElement.GetProperty("data")[1];
        Assert.True(law.GetProperty("x").EnumerateArray().Last().GetDouble() >= 0.999e15);
        Assert.StartsWith("fit N_opt ∝ C^", law.GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_frontier_chart_separates_minima_in_the_fit_from_those_left_out()
    {
        var profiles = new[] { Profile(1e12, 0), Profile(1e13, 0.3), Profile(1e14, 0.5) };

        var chart = ScalingCharts.LossFrontier(profiles, c => 0.5 + Math.Pow(c, -0.05), "law", "frontier", 1e15,
            new ScalingPoint(1e5, 1e9, 0.9), 0.92, inFit: p => p.Compute > 1e12);

        using var figure = JsonDocument.Parse(GenericChart.toFigureJson(chart));
        var data = figure.RootElement.GetProperty("data");
        Assert.Equal(2, data[0].GetProperty("x").GetArrayLength());
        Assert.Equal("minimum left out of the fit", data[1].GetProperty("name").GetString());
        Assert.Equal(1e12, data[1].GetProperty("x")[0].GetDouble());
    }
}

public class SvgLogAxisTests
{
    [Fact]
    public void A_log_axis_spanning_less_than_a_decade_gets_several_round_ticks()
    {
        // A loss axis from 1.19 to 2.1 (log10 0.076 … 0.322) used to show a single tick, or none.
        var ticks = LlmInteractive.Views.SvgLineChart.Ticks(Math.Log10(1.19), Math.Log10(2.1), log: true);

        Assert.True(ticks.Count >= 3, $"ticks: {string.Join(", ", ticks)}");
        Assert.All(ticks, t => Assert.InRange(t, 1.19, 2.1));
        Assert.Contains(2.0, ticks);
    }

    [Fact]
    public void Two_decades_get_one_two_five_ticks_and_many_decades_only_powers_of_ten()
    {
        var few = LlmInteractive.Views.SvgLineChart.Ticks(9, 11, log: true);
        Assert.Equal([1e9, 2e9, 5e9, 1e10, 2e10, 5e10, 1e11], few.Select(t => Math.Round(t / 1e9) * 1e9));

        var many = LlmInteractive.Views.SvgLineChart.Ticks(2, 16, log: true);
        Assert.True(many.Count <= 8, $"{many.Count} ticks");
        Assert.All(many, t => Assert.Equal(Math.Round(Math.Log10(t)), Math.Log10(t), 9));
    }

    [Theory]
    [InlineData(1e9, "10⁹")]
    [InlineData(2e10, "2·10¹⁰")]
    [InlineData(1e-4, "10⁻⁴")]
    [InlineData(5000, "5,000")]
    [InlineData(1.2, "1.2")]
    [InlineData(3.0, "3")]
    public void Tick_labels_are_short_and_readable(double value, string expected)
    {
        Assert.Equal(expected, LlmInteractive.Views.SvgLineChart.TickLabel(value));
    }

    [Fact]
    public void A_long_legend_wraps_onto_more_rows_instead_of_running_off_the_chart()
    {
        var series = Enumerable.Range(0, 8)
            .Select(i => new LineSeries($"a fairly long series name {i}", [1.0, 10], [2.0, 1])).ToList();

        var svg = LlmInteractive.Views.SvgLineChart.Render(series, "legend", logX: true, width: 560, height: 300);
        var doc = LlmInteractive.Tests.Views.ViewTestData.Parse(svg);

        var legendTexts = doc.QuerySelectorAll("text").Where(t => t.TextContent.StartsWith("a fairly long", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, legendTexts.Count);
        Assert.All(legendTexts, t => Assert.True(double.Parse(t.GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture) < 560 - 100));
        Assert.True(legendTexts.Select(t => t.GetAttribute("y")).Distinct().Count() >= 3, "the legend should wrap onto several rows");
        var bottom = legendTexts.Max(t => double.Parse(t.GetAttribute("y")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(bottom <= double.Parse(doc.QuerySelector("svg")!.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
