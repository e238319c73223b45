using LlmInteractive.FineTuning;
using LlmInteractive.Models;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.FineTuning;

public sealed class AdapterTests
{
    [Fact]
    public void Adapters_start_as_the_identity_and_only_they_train()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(vocabulary: 16, context: 12);
        var data = TinyModels.RandomIds(2, 13, 16);
        var inputs = data[TensorIndex.Colon, TensorIndex.Slice(0, 12)];
        var targets = data[TensorIndex.Colon, TensorIndex.Slice(1, null)];
        Tensor before;
        using (no_grad()) before = model.Logits(inputs);
        var frozenBefore = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        Assert.Equal(4, Adapters.Apply(model, bottleneck: 4));

        using (no_grad()) Assert.Equal(0f, (model.Logits(inputs) - before).abs().max().item<float>());
        // Two adapters per block, each 2·d·m + d + m = 2·32·4 + 32 + 4.
        Assert.Equal(4 * (2 * 32 * 4 + 32 + 4), Freezing.TrainableParameterCount(model));
        var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), lr: 1e-2);
        for (int step = 0; step < 5; step++)
        {
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.Logits(inputs).reshape(-1, 16), targets.reshape(-1)).backward();
            optimizer.step();
        }
        using (no_grad()) Assert.True((model.Logits(inputs) - before).abs().max().item<float>() > 1e-4, "training should move the adapters");
        foreach (var (name, parameter) in model.named_parameters().Where(p => !p.name.Contains("adapter")))
            Assert.Equal(0f, (parameter - frozenBefore[name]).abs().max().item<float>());
    }

    [Fact]
    public void A_model_without_transformer_blocks_is_refused() =>
        Assert.Throws<ArgumentException>(() => Adapters.Apply(nn.Linear(4, 4), bottleneck: 2));
}
