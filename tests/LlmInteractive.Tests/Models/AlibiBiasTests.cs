using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class AlibiBiasTests
{
    [Fact]
    public void Eight_heads_get_the_papers_slopes_one_half_to_one_over_256()
    {
        var slopes = AlibiBias.Slopes(8);
        Assert.Equal(new[] { 1 / 2.0, 1 / 4.0, 1 / 8.0, 1 / 16.0, 1 / 32.0, 1 / 64.0, 1 / 128.0, 1 / 256.0 }, slopes);
        Assert.Equal(new[] { 1 / 4.0, 1 / 16.0, 1 / 64.0, 1 / 256.0 }, AlibiBias.Slopes(4));
    }

    [Fact]
    public void Other_head_counts_fill_up_with_every_other_slope_of_the_next_power_of_two()
    {
        // 6 heads: the 4-head slopes, then slopes 1 and 3 of the 8-head sequence (as the paper's get_slopes).
        Assert.Equal(new[] { 1 / 4.0, 1 / 16.0, 1 / 64.0, 1 / 256.0, 1 / 2.0, 1 / 8.0 }, AlibiBias.Slopes(6));
    }

    [Fact]
    public void The_causal_bias_is_minus_slope_times_distance_and_minus_infinity_ahead()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var bias = AlibiBias.CausalBias(heads: 2, length: 5, CPU);                   // (1, 2, 5, 5)
        Assert.Equal(new long[] { 1, 2, 5, 5 }, bias.shape);
        var slopes = AlibiBias.Slopes(2);
        for (var h = 0; h < 2; h++)
            for (var i = 0; i < 5; i++)
                for (var j = 0; j < 5; j++)
                {
                    var value = bias[0, h, i, j].item<float>();
                    if (j > i) Assert.True(float.IsNegativeInfinity(value), $"key {j} after query {i} must be masked");
                    else Assert.Equal(-slopes[h] * (i - j), value, 1e-6);
                }
    }
}
