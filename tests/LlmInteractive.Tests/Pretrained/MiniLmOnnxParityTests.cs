using Xunit.Abstractions;
using LlmInteractive.Tokenizers;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>The lab's TorchSharp port computes what the package's ONNX export computes, on the same inputs.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmOnnxParityTests(MiniLmFixture fixture, ITestOutputHelper log)
{
    const double Tolerance = 1e-4;

    [Fact]
    public void Last_hidden_state_matches_onnx_runtime_for_a_padded_batch()
    {
        string[] texts =
        [
            "The quick brown fox jumps over the lazy dog.",
            "Hello world",
            "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse.",
            "WINNER!! You have been selected to receive a £900 prize reward. Call 09061701461 now.",
        ];
        using var batch = fixture.Model.Tokenize(texts);
        Assert.Contains(0L, batch.AttentionMask.data<long>().ToArray()); // some rows are padded

        var (ours, theirs, ourPooled, theirPooled) = fixture.BothOutputs(batch);

        Assert.Equal(batch.Ids.numel() * 384, ours.Length);
        Assert.Equal(theirs.Length, ours.Length);
        var real = batch.AttentionMask.data<long>().ToArray();
        var atRealTokens = MaxAbsDifference(ours, theirs, position => real[position] == 1);
        log.WriteLine($"max |Δ| last_hidden_state {MaxAbsDifference(ours, theirs):E2} ({atRealTokens:E2} at real tokens), " +
            $"pooler_output {MaxAbsDifference(ourPooled, theirPooled):E2}");
        Assert.InRange(MaxAbsDifference(ours, theirs), 0, Tolerance);
        // Padding positions carry float32 rounding of ~1e-5·|h| (both sides); the real tokens agree ten times closer.
        Assert.InRange(atRealTokens, 0, Tolerance / 10);
        Assert.InRange(MaxAbsDifference(ourPooled, theirPooled), 0, Tolerance);
        Assert.True(ours.Select(Math.Abs).Max() > 1, "the hidden states are not trivially small"); // a loose tolerance alone would pass zeros
    }

    [Fact]
    public void A_pair_with_token_types_matches_onnx_runtime()
    {
        using var batch = fixture.Model.Tokenizer.EncodePairs(
            [("What is the capital of France?", "Paris is the capital and most populous city of France."),
             ("Is it raining?", "No.")]);
        Assert.Contains(1L, batch.TokenTypes.data<long>().ToArray());

        var (ours, theirs, _, _) = fixture.BothOutputs(batch);

        log.WriteLine($"max |Δ| last_hidden_state of the pairs {MaxAbsDifference(ours, theirs):E2}");
        Assert.InRange(MaxAbsDifference(ours, theirs), 0, Tolerance);
    }

    [Fact]
    public void Token_types_change_the_output_so_the_pair_test_tests_them()
    {
        using var pair = fixture.Model.Tokenizer.EncodePairs([("first text", "second text")]);
        using var single = new WordPieceBatch(pair.Ids.alias(), pair.AttentionMask.alias(), zeros_like(pair.TokenTypes), []);
        var (withTypes, _, _, _) = fixture.BothOutputs(pair);
        var (withoutTypes, theirs, _, _) = fixture.BothOutputs(single);

        Assert.True(MaxAbsDifference(withTypes, withoutTypes) > 100 * Tolerance);
        Assert.InRange(MaxAbsDifference(withoutTypes, theirs), 0, Tolerance);
    }

    internal static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();

    /// <summary>Over the (B·T) positions <paramref name="keep"/> selects, each of 384 values.</summary>
    static double MaxAbsDifference(float[] a, float[] b, Func<int, bool> keep) =>
        Enumerable.Range(0, a.Length).Where(i => keep(i / 384)).Max(i => (double)Math.Abs(a[i] - b[i]));
}
