using LlmInteractive.Data;
using LlmInteractive.Evaluation;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Evaluation;

public sealed class LossByPositionTests
{
    [Fact]
    public void The_positions_mean_is_the_ordinary_validation_loss()
    {
        using var model = TinyModels.Gpt(vocabulary: 31, context: 16);
        var random = new Random(5);
        var stream = Enumerable.Range(0, 16 * 12 + 1).Select(_ => random.Next(31)).ToList();
        using var batches = new TokenBatches(stream, batchSize: 4, contextLength: 16);

        var byPosition = LossByPosition.Measure(model, batches, batchCount: 3);

        double mean;
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            mean = Enumerable.Range(0, 3).Average(b =>
            {
                var (inputs, targets) = batches.Sequential(b);
                return (double)model.Loss(inputs, targets).item<float>();
            });
        }
        Assert.Equal(16, byPosition.Length);
        Assert.Equal(mean, byPosition.Average(), 1e-5);
        Assert.True(byPosition.Max() - byPosition.Min() > 1e-3, "an untrained model's per-position losses still differ");
    }

    [Fact]
    public void Shuffling_keeps_the_near_tokens_in_place_and_the_far_tokens_as_a_permutation()
    {
        LlmInteractive.Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var ids = arange(40, dtype: ScalarType.Int64).view(2, 20);
        var shuffled = ContextShuffle.ShuffleBeyond(ids, distance: 5, new Random(1));

        static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();
        Assert.True(Same(shuffled[TensorIndex.Colon, TensorIndex.Slice(15, null)], ids[TensorIndex.Colon, TensorIndex.Slice(15, null)]));
        var far = shuffled[TensorIndex.Colon, TensorIndex.Slice(0, 15)];
        Assert.True(Same(far.sort(1).Values, ids[TensorIndex.Colon, TensorIndex.Slice(0, 15)]));
        Assert.False(Same(far, ids[TensorIndex.Colon, TensorIndex.Slice(0, 15)]), "fifteen tokens left in order: nothing was shuffled");
    }
}

public sealed class ContextLengthLossTests
{
    [Fact]
    public void Every_length_scores_the_same_targets_and_context_one_reads_the_previous_token_alone()
    {
        using var model = TinyModels.Gpt(vocabulary: 31, context: 16);
        var random = new Random(2);
        var stream = Enumerable.Range(0, 300).Select(_ => random.Next(31)).ToList();

        var result = ContextLengthLoss.Measure(model, stream, [1, 4, 16], targets: 50, seed: 3, batchSize: 16);

        Assert.Equal([1, 4, 16], result.ContextLengths);
        Assert.All(result.Losses, l => Assert.Equal(50, l.Length));
        Assert.Equal(0, result.Difference(2, 2).Mean);
        Assert.True(Math.Abs(result.Difference(0, 2).Mean) > 1e-4, "different contexts should give different losses");
        // Context 1 is a bigram guess from the previous token alone: recompute one target by hand.
        var target = new Random(3).Next(16, stream.Count);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = model.Logits(tensor(new long[] { stream[target - 1] }).view(1, 1))[0, -1];
        var expected = -logits.log_softmax(0)[stream[target]].item<float>();
        Assert.Equal(expected, result.Losses[0][0], 1e-4);
    }
}
