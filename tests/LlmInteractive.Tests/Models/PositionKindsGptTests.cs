using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

/// <summary>All four position kinds in a GPT: the attention maps still match the fused path, and every kind but a learned
/// table runs past the training length.</summary>
public sealed class PositionKindsGptTests
{
    [Theory]
    [InlineData(PositionEncodingKind.Rope)]
    [InlineData(PositionEncodingKind.Alibi)]
    public void Rope_and_alibi_attention_maps_are_causal_rows_that_match_the_fused_path(PositionEncodingKind positions)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(positions: positions);
        var ids = TinyModels.RandomIds(2, 10, 31);

        using var _ = no_grad();
        var fused = model.Logits(ids);
        var (explicitLogits, attention) = model.LogitsWithAttention(ids);

        Assert.True((fused - explicitLogits).abs().max().item<float>() < 1e-5);
        foreach (var weights in attention)
        {
            Assert.True((weights.sum(-1) - 1).abs().max().item<float>() < 1e-5);
            Assert.Equal(0f, weights.triu(1).abs().max().item<float>());
        }
    }

    [Theory]
    [InlineData(PositionEncodingKind.Sinusoidal)]
    [InlineData(PositionEncodingKind.Rope)]
    [InlineData(PositionEncodingKind.Alibi)]
    public void A_model_runs_past_its_training_length_and_keeps_the_early_logits(PositionEncodingKind positions)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(context: 16, positions: positions);
        var ids = TinyModels.RandomIds(2, 40, 31);

        using var _ = no_grad();
        var logits = model.Logits(ids);                                               // 40 > ContextLength 16
        var (explicitLogits, attention) = model.LogitsWithAttention(ids);
        var prefix = model.Logits(ids[TensorIndex.Colon, TensorIndex.Slice(0, 16)]);

        Assert.True(model.RunsPastContextLength);
        Assert.Equal(new long[] { 2, 40, 31 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        Assert.True((logits - explicitLogits).abs().max().item<float>() < 1e-5);
        Assert.Equal(new long[] { 2, 2, 40, 40 }, attention[0].shape);
        // Causal: the first 16 positions see the same tokens at the same positions whether or not more follow.
        Assert.True((logits[TensorIndex.Colon, TensorIndex.Slice(0, 16)] - prefix).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Learned_positions_refuse_longer_input_naming_the_table_and_the_fix()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(context: 16, positions: PositionEncodingKind.Learned);
        var error = Assert.Throws<ArgumentException>(() => model.Logits(TinyModels.RandomIds(1, 17, 31)));
        Assert.False(model.RunsPastContextLength);
        Assert.Contains("learned position table", error.Message);
        Assert.Contains("Crop", error.Message);
        Assert.Contains("Rope", error.Message);
    }

    [Fact]
    public void Rope_and_alibi_models_have_no_position_parameters()
    {
        const int T = 16, C = 32;
        using var learned = TinyModels.Gpt(context: T, positions: PositionEncodingKind.Learned);
        using var rope = TinyModels.Gpt(context: T, positions: PositionEncodingKind.Rope);
        using var alibi = TinyModels.Gpt(context: T, positions: PositionEncodingKind.Alibi);
        Assert.Equal(learned.ParameterCount - T * C, rope.ParameterCount);
        Assert.Equal(rope.ParameterCount, alibi.ParameterCount);
        Assert.DoesNotContain(rope.state_dict().Keys, key => key.StartsWith("wpe", StringComparison.Ordinal));
        Assert.Contains(learned.state_dict().Keys, key => key.StartsWith("wpe", StringComparison.Ordinal));
    }

    [Fact]
    public void Sinusoids_past_the_table_continue_the_same_formula()
    {
        using var scope = NewDisposeScope();
        using var encoding = new SinusoidalPositionEncoding(16, 32);
        var stored = encoding.forward(arange(16, dtype: ScalarType.Int64));
        var extended = encoding.First(40);
        Assert.Equal(new long[] { 40, 32 }, extended.shape);
        Assert.True((extended[TensorIndex.Slice(0, 16)] - stored).abs().max().item<float>() < 1e-6);
        Assert.True((extended - SinusoidalPositionEncoding.Table(40, 32)).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void The_encoder_refuses_positions_it_does_not_implement()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new BertConfig(BertVocabulary.SpecialTokenCount + 10, Positions: PositionEncodingKind.Rope).Validate());
        Assert.Contains("Gpt only", error.Message);
    }
}
