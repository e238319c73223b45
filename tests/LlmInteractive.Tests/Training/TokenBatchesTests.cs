using LlmInteractive.Data;
using TorchSharp;

namespace LlmInteractive.Tests.Training;

public sealed class TokenBatchesTests
{
    static readonly int[] counting = Enumerable.Range(0, 1000).ToArray();

    [Fact]
    public void Targets_are_the_inputs_shifted_by_one_token()
    {
        using var batches = new TokenBatches(counting, batchSize: 4, contextLength: 8, seed: 1);
        var (inputs, targets) = batches.Random(0);

        Assert.Equal(new long[] { 4, 8 }, inputs.shape);
        Assert.Equal(torch.int64, inputs.dtype);
        Assert.True(targets.SameAs(inputs + 1));
        // Each row is a contiguous window of the stream.
        Assert.True((inputs[.., 1..] - inputs[.., ..^1]).eq(1).all().item<bool>());
    }

    [Fact]
    public void Random_batches_depend_only_on_seed_and_index()
    {
        using var a = new TokenBatches(counting, 4, 8, seed: 1);
        using var b = new TokenBatches(counting, 4, 8, seed: 1);
        using var c = new TokenBatches(counting, 4, 8, seed: 2);

        Assert.True(a.Random(5).Inputs.SameAs(b.Random(5).Inputs));
        Assert.False(a.Random(5).Inputs.SameAs(a.Random(6).Inputs));
        Assert.False(a.Random(5).Inputs.SameAs(c.Random(5).Inputs));
    }

    [Fact]
    public void Random_windows_reach_the_last_token_and_never_beyond()
    {
        using var batches = new TokenBatches(Enumerable.Range(0, 20).ToArray(), batchSize: 64, contextLength: 8, seed: 3);
        var maxima = Enumerable.Range(0, 20).Select(i => batches.Random(i).Targets.max().item<long>()).ToArray();
        Assert.Equal(19, maxima.Max());
    }

    [Fact]
    public void Sequential_batches_cover_the_stream_in_order()
    {
        using var batches = new TokenBatches(counting[..41], batchSize: 2, contextLength: 10);

        Assert.Equal(4, batches.WindowCount);
        Assert.Equal(2, batches.SequentialBatchCount);
        var (inputs, targets) = batches.Sequential(1);
        Assert.Equal(new long[] { 20, 30 }, inputs[.., 0].data<long>().ToArray());
        Assert.Equal(40, targets.max().item<long>());
        Assert.Equal(0, batches.Sequential(2).Inputs[0, 0].item<long>());   // wraps around
    }

    [Fact]
    public void An_empty_stream_is_refused_with_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => new TokenBatches([], 4, 8));
        Assert.Contains("empty", error.Message);
        Assert.Contains("encode some text", error.Message);
    }

    [Fact]
    public void A_stream_shorter_than_one_window_names_the_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => new TokenBatches(counting[..8], 4, contextLength: 8));
        Assert.Contains("has 8 tokens", error.Message);
        Assert.Contains("at least 9", error.Message);
        Assert.Contains("shorter context length", error.Message);
    }

    [Fact]
    public void Negative_ids_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new TokenBatches([1, 2, -3, 4], 1, 2));
        Assert.Contains("Token 2", error.Message);
    }
}
