using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class RotaryPositionEncodingTests
{
    [Fact]
    public void Rotated_query_key_products_depend_only_on_the_offset()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        manual_seed(3);
        const int T = 40, d = 16;
        var q = randn(1, d).expand(T, d);                                             // the same query at every position
        var k = randn(1, d).expand(T, d);                                             // the same key at every position
        var positions = arange(T, dtype: ScalarType.Int64);
        var scores = RotaryPositionEncoding.Rotate(q, positions).matmul(RotaryPositionEncoding.Rotate(k, positions).T);   // (T, T)

        for (var offset = -10; offset <= 10; offset++)
        {
            var diagonal = scores.diagonal(offset);                                   // q at m, k at m − offset, for every m
            Assert.True((diagonal - diagonal[0]).abs().max().item<float>() < 1e-4, $"offset {offset}: the score moves with the position");
        }
        // The scores do change with the offset (otherwise the rotation would carry no position at all)…
        Assert.True((scores.diagonal(0)[0] - scores.diagonal(5)[0]).abs().item<float>() > 1e-2);
        // …and a rotation keeps lengths.
        Assert.True((RotaryPositionEncoding.Rotate(q, positions).norm(1) - q.norm(1)).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Position_zero_is_left_unrotated_and_odd_head_sizes_are_refused()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 5, 8);                                                   // (B, nh, T, hs)
        var rotated = RotaryPositionEncoding.Rotate(x, arange(5, dtype: ScalarType.Int64));
        Assert.True((rotated[TensorIndex.Ellipsis, 0, TensorIndex.Colon] - x[TensorIndex.Ellipsis, 0, TensorIndex.Colon]).abs().max().item<float>() < 1e-6);
        var error = Assert.Throws<ArgumentException>(() => RotaryPositionEncoding.Rotate(randn(5, 7), arange(5, dtype: ScalarType.Int64)));
        Assert.Contains("even", error.Message);
    }
}
