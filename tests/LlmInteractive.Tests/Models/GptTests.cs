using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class GptTests
{
    [Fact]
    public void Changing_later_tokens_leaves_earlier_logits_unchanged()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(2, 12, 31);
        var changed = ids.clone();
        changed[TensorIndex.Colon, TensorIndex.Slice(6, null)] = (changed[TensorIndex.Colon, TensorIndex.Slice(6, null)] + 5) % 31;

        using var _ = no_grad();
        var before = model.Logits(ids)[TensorIndex.Colon, TensorIndex.Slice(0, 6)];
        var after = model.Logits(changed)[TensorIndex.Colon, TensorIndex.Slice(0, 6)];
        var later = (model.Logits(ids) - model.Logits(changed)).abs().max().item<float>();

        Assert.True((before - after).abs().max().item<float>() < 1e-6, "earlier positions saw later tokens");
        Assert.True(later > 1e-4, "the changed tokens should change later logits (otherwise the test proves nothing)");
    }

    [Theory]
    [InlineData(PositionEncodingKind.Learned)]
    [InlineData(PositionEncodingKind.Sinusoidal)]
    public void Captured_attention_rows_sum_to_one_are_causal_and_match_the_fused_path(PositionEncodingKind positions)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(positions: positions);
        var ids = TinyModels.RandomIds(2, 10, 31);

        using var _ = no_grad();
        var fused = model.Logits(ids);
        var (explicitLogits, attention) = model.LogitsWithAttention(ids);

        Assert.Equal(2, attention.Count);
        Assert.True((fused - explicitLogits).abs().max().item<float>() < 1e-5);
        foreach (var weights in attention)
        {
            Assert.Equal(new long[] { 2, 2, 10, 10 }, weights.shape);
            Assert.True((weights.sum(-1) - 1).abs().max().item<float>() < 1e-5);
            Assert.Equal(0f, weights.triu(1).abs().max().item<float>()); // no query attends to a later key
        }
    }

    [Fact]
    public void Overfits_a_tiny_batch()
    {
        using var model = TinyModels.Gpt(vocabulary: 16, context: 16);
        using var data = TinyModels.RandomIds(2, 13, 16);
        using var inputs = data[TensorIndex.Colon, TensorIndex.Slice(0, 12)];
        using var targets = data[TensorIndex.Colon, TensorIndex.Slice(1, null)];
        using var startLoss = model.Loss(inputs, targets);

        var final = TinyModels.Overfit(model, () => model.Loss(inputs, targets), steps: 80, learningRate: 1e-2);

        Assert.True(startLoss.item<float>() > 2.0, $"start loss {startLoss.item<float>()} should be near ln 16 = 2.77");
        Assert.True(final < 0.1, $"loss after 80 AdamW steps was {final}, expected < 0.1");
    }

    [Fact]
    public void Parameter_count_matches_the_formula_and_tying_saves_the_output_matrix()
    {
        const int V = 31, T = 16, C = 32;
        using var tied = TinyModels.Gpt(V, T, layers: 1);
        using var untied = TinyModels.Gpt(V, T, tie: false, layers: 1);
        // wte + wpe + block (2 LayerNorms, qkv, attention out, MLP in/out, with biases) + final LayerNorm.
        long block = 2 * C + (3 * C * C + 3 * C) + (C * C + C) + 2 * C + (4 * C * C + 4 * C) + (4 * C * C + C);
        long expected = V * C + T * C + block + 2 * C;

        Assert.Equal(expected, tied.ParameterCount);
        Assert.Equal(expected + V * C, untied.ParameterCount);
        Assert.Equal(6.0 * (expected - T * C) + 12.0 * 1 * T * C, tied.FlopsPerToken);
    }

    [Fact]
    public void Bad_inputs_name_the_problem_and_the_fix()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(vocabulary: 31, context: 16);

        var tooLong = Assert.Throws<ArgumentException>(() => model.Logits(zeros(1, 17, ScalarType.Int64)));
        Assert.Contains("longer than the GPT's ContextLength 16", tooLong.Message);

        var outside = Assert.Throws<ArgumentException>(() => model.Logits(tensor(new long[] { 3, 31 }).unsqueeze(0)));
        Assert.Contains("Token id 31 is outside the GPT's vocabulary [0, 31)", outside.Message);

        var negative = Assert.Throws<ArgumentException>(() => model.Logits(tensor(new long[] { -1, 2 }).unsqueeze(0)));
        Assert.Contains("Token id -1", negative.Message);

        var dtype = Assert.Throws<ArgumentException>(() => model.Logits(zeros(1, 4, ScalarType.Int32)));
        Assert.Contains("dtype Int64 but got Int32", dtype.Message);

        var rank = Assert.Throws<ArgumentException>(() => model.Logits(zeros(4, ScalarType.Int64)));
        Assert.Contains("unsqueeze(0)", rank.Message);

        var config = Assert.Throws<ArgumentException>(() => new Gpt(new GptConfig(31, 16, Heads: 3, EmbeddingSize: 32)));
        Assert.Contains("multiple of Heads 3", config.Message);
    }
}
