using LlmInteractive.FineTuning;
using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class AttentionOnlyGptTests
{
    static Gpt Build(bool attentionOnly)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        var model = new Gpt(new GptConfig(31, 16, Layers: 2, Heads: 2, EmbeddingSize: 32, AttentionOnly: attentionOnly));
        model.eval();
        return model;
    }

    [Fact]
    public void An_attention_only_gpt_has_no_mlp_and_exactly_the_mlp_parameters_fewer()
    {
        using var full = Build(attentionOnly: false);
        using var attentionOnly = Build(attentionOnly: true);

        Assert.DoesNotContain(attentionOnly.named_parameters(), p => p.name.Contains("mlp") || p.name.Contains("ln_2"));
        Assert.Contains(full.named_parameters(), p => p.name.Contains("mlp"));
        // Per block the MLP holds C·4C + 4C + 4C·C + C weights and ln_2 another 2C.
        const int C = 32;
        long perBlock = C * 4 * C + 4 * C + 4 * C * C + C + 2 * C;
        Assert.Equal(full.ParameterCount - 2 * perBlock, attentionOnly.ParameterCount);
        Assert.All(attentionOnly.modules().OfType<TransformerBlock>(), b => Assert.False(b.HasMlp));
    }

    [Fact]
    public void An_attention_only_gpt_is_causal_trains_and_takes_one_adapter_per_block()
    {
        using var scope = NewDisposeScope();
        using var model = Build(attentionOnly: true);
        var data = TinyModels.RandomIds(2, 13, 31);
        var inputs = data[TensorIndex.Colon, TensorIndex.Slice(0, 12)];
        var targets = data[TensorIndex.Colon, TensorIndex.Slice(1, null)];
        using (no_grad())
        {
            var changed = inputs.clone();
            changed[TensorIndex.Colon, 8] = (changed[TensorIndex.Colon, 8] + 1) % 31;
            var gap = (model.Logits(inputs) - model.Logits(changed))[TensorIndex.Colon, TensorIndex.Slice(0, 8)].abs().max().item<float>();
            Assert.True(gap < 1e-6, $"positions before the edit moved by {gap}");
            Assert.True((model.Logits(inputs) - model.LogitsWithAttention(inputs).Logits).abs().max().item<float>() < 1e-5);
        }
        double start;
        using (no_grad()) start = model.Loss(inputs, targets).item<float>();
        var final = TinyModels.Overfit(model, () => model.Loss(inputs, targets), steps: 60, learningRate: 1e-2);
        Assert.True(final < start / 2, $"loss went from {start} to {final}");

        Assert.Equal(2, Adapters.Apply(model, bottleneck: 4));
        Assert.DoesNotContain(model.named_parameters(), p => p.name.Contains("mlp_adapter"));
    }
}
