using LlmInteractive.FineTuning;
using LlmInteractive.Models;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.FineTuning;

public sealed class LoraTests
{
    static bool AttentionInput(string name) => name.EndsWith("attn.c_attn", StringComparison.Ordinal);

    [Fact]
    public void Adapted_model_starts_equal_to_the_base_and_training_moves_only_the_adapters()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(vocabulary: 16, context: 12);
        var data = TinyModels.RandomIds(2, 13, 16);
        var inputs = data[TensorIndex.Colon, TensorIndex.Slice(0, 12)];
        var targets = data[TensorIndex.Colon, TensorIndex.Slice(1, null)];
        Tensor before;
        using (no_grad()) before = model.Logits(inputs);
        var frozenBefore = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var adapters = Lora.Apply(model, rank: 4, alpha: 8, AttentionInput);

        Assert.Equal(["h.0.attn.c_attn", "h.1.attn.c_attn"], adapters.Keys.Order());
        using (no_grad()) Assert.Equal(0f, (model.Logits(inputs) - before).abs().max().item<float>());
        // Per layer r·(in + out) = 4·(32 + 96).
        Assert.Equal(2 * 4 * (32 + 96), Freezing.TrainableParameterCount(model));
        var startLoss = model.Loss(inputs, targets).item<float>();

        var final = TinyModels.Overfit(model, () => model.Loss(inputs, targets), steps: 30, learningRate: 5e-2);

        Assert.True(final < startLoss - 0.3, $"LoRA training should lower the loss ({startLoss} → {final})");
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("lora_B", StringComparison.Ordinal))
                Assert.True(parameter.abs().max().item<float>() > 0, $"{name} started at zero and should have trained");
            else if (!name.EndsWith("lora_A", StringComparison.Ordinal))
                Assert.Equal(0f, (parameter - frozenBefore[name.Replace(".base_layer", "", StringComparison.Ordinal)]).abs().max().item<float>());
        }
    }

    [Fact]
    public void Merging_keeps_the_outputs_and_unmerging_restores_the_base_weights()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt(vocabulary: 16, context: 12);
        var inputs = TinyModels.RandomIds(2, 12, 16);
        var adapters = Lora.Apply(model, rank: 2, alpha: 4, AttentionInput);
        var data = TinyModels.RandomIds(2, 13, 16);
        TinyModels.Overfit(model, () => model.Loss(data[TensorIndex.Colon, TensorIndex.Slice(0, 12)],
            data[TensorIndex.Colon, TensorIndex.Slice(1, null)]), steps: 5, learningRate: 1e-2);
        var baseWeight = adapters["h.0.attn.c_attn"].Base.weight.detach().clone();

        using var _ = no_grad();
        var separate = model.Logits(inputs);
        Lora.MergeAll(model);
        var merged = model.Logits(inputs);
        var mergedWeightMoved = (adapters["h.0.attn.c_attn"].Base.weight - baseWeight).abs().max().item<float>();
        Lora.UnmergeAll(model);

        Assert.True((separate - merged).abs().max().item<float>() < 1e-5);
        Assert.True(mergedWeightMoved > 1e-6, "merging must fold the trained adapter into the weight");
        Assert.True((adapters["h.0.attn.c_attn"].Base.weight - baseWeight).abs().max().item<float>() < 1e-6);
        Assert.Throws<InvalidOperationException>(() => adapters["h.0.attn.c_attn"].Unmerge());
    }

    [Fact]
    public void Layers_lora_cannot_reach_are_refused_with_the_reason()
    {
        using var model = TinyModels.Gpt(vocabulary: 16, context: 12, tie: false);

        var none = Assert.Throws<ArgumentException>(() => Lora.Apply(model, 4, 8, name => name == "nothing"));
        Assert.Contains("h.0.attn.c_attn", none.Message);
        var head = Assert.Throws<InvalidOperationException>(() => Lora.Apply(model, 4, 8, name => name == "lm_head"));
        Assert.Contains("Gpt.lm_head is declared as Linear", head.Message);
        Assert.Equal(model.ParameterCount, Freezing.TrainableParameterCount(model)); // nothing was frozen by the failed call
        Assert.Throws<ArgumentOutOfRangeException>(() => Lora.Apply(model, 0, 8, AttentionInput));
    }

    [Fact]
    public void Freezing_selects_what_trains()
    {
        using var model = TinyModels.Gpt(vocabulary: 16, context: 12);

        Freezing.FreezeAll(model);
        Assert.Equal(0, Freezing.TrainableParameterCount(model));
        var unfrozen = Freezing.Unfreeze(model, name => name.StartsWith("ln_f", StringComparison.Ordinal));
        Assert.Equal(2, unfrozen);
        Assert.Equal(2 * 32, Freezing.TrainableParameterCount(model));
        Freezing.Unfreeze(model);
        Assert.Equal(model.ParameterCount, Freezing.TrainableParameterCount(model));
        Assert.Throws<ArgumentException>(() => Freezing.Unfreeze(model, name => name == "missing"));
    }

    [Fact]
    public void A_bert_classifier_fine_tunes_through_lora_adapters_and_its_head()
    {
        using var scope = NewDisposeScope();
        var vocabulary = new BertVocabulary(new TinyCharTokenizer());
        torch.manual_seed(4);
        using var encoder = new Bert(new BertConfig(
            vocabulary.VocabSize, ContextLength: 24, Layers: 2, Heads: 2, EmbeddingSize: 32, Dropout: 0));
        using var classifier = new BertClassifier(encoder, vocabulary, classes: 2, dropout: 0);
        string[] texts = ["win cash now!", "free prize, click!", "see you at lunch", "notes from the meeting"];
        using var batch = classifier.Encode(texts);
        var labels = tensor(new long[] { 1, 1, 0, 0 });

        var adapters = Lora.Apply(classifier, rank: 4, alpha: 8, name => name.EndsWith("attn.c_attn", StringComparison.Ordinal));
        Freezing.Unfreeze(classifier, name => name.StartsWith("classifier.", StringComparison.Ordinal));
        var final = TinyModels.Overfit(classifier, () => classifier.Loss(batch, labels), steps: 60, learningRate: 2e-2);

        Assert.Equal(["encoder.h.0.attn.c_attn", "encoder.h.1.attn.c_attn"], adapters.Keys.Order());
        Assert.Equal(2 * 4 * (32 + 96) + (32 * 2 + 2), Freezing.TrainableParameterCount(classifier));
        Assert.True(final < 0.1, $"LoRA + head fine-tuning loss after 60 steps was {final}");
        Assert.Equal([1, 1, 0, 0], classifier.Predict(texts));
    }
}
