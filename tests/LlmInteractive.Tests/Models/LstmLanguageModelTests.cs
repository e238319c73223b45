using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class LstmLanguageModelTests
{
    static LstmLanguageModel TinyLstm()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(2);
        var model = new LstmLanguageModel(new LstmLanguageModelConfig(16, ContextLength: 16, EmbeddingSize: 16, HiddenSize: 32, Layers: 1));
        model.eval();
        return model;
    }

    [Fact]
    public void Is_causal_and_overfits_a_tiny_batch()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLstm();
        var data = TinyModels.RandomIds(2, 13, 16);
        var inputs = data[TensorIndex.Colon, TensorIndex.Slice(0, 12)];
        var targets = data[TensorIndex.Colon, TensorIndex.Slice(1, null)];
        var changed = inputs.clone();
        changed[TensorIndex.Colon, 8] = (changed[TensorIndex.Colon, 8] + 1) % 16;
        using (no_grad())
        {
            var moved = (model.Logits(inputs) - model.Logits(changed))[TensorIndex.Colon, TensorIndex.Slice(0, 8)].abs().max().item<float>();
            Assert.True(moved < 1e-6, "earlier positions saw a later token");
        }

        var final = TinyModels.Overfit(model, () => model.Loss(inputs, targets), steps: 150, learningRate: 2e-2);

        Assert.True(final < 0.2, $"LSTM loss after 150 steps was {final}, expected < 0.2");
    }

    [Fact]
    public void Has_no_attention_and_checks_its_input()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLstm();

        var attention = Assert.Throws<NotSupportedException>(() => model.LogitsWithAttention(zeros(1, 4, ScalarType.Int64)));
        Assert.Contains("no attention weights", attention.Message);
        var tooLong = Assert.Throws<ArgumentException>(() => model.Logits(zeros(1, 17, ScalarType.Int64)));
        Assert.Contains("longer than the LSTM's ContextLength 16", tooLong.Message);
        Assert.Equal(model.ParameterCount * 6.0 - 6.0 * 16 * 16, model.FlopsPerToken);
    }
}
