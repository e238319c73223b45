using LlmInteractive.Data;
using LlmInteractive.Models;
using LlmInteractive.Runtime;
using LlmInteractive.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

/// <summary>
/// Guard for the whole masked-LM path (BertVocabulary ids, MaskedLanguageModeling, TrainingTask.MaskedLanguageModel,
/// Trainer, Bert): the encoder must learn to read its context. On a corpus where every token is fixed by its neighbours
/// ("abcdefgh" repeated) a [MASK]ed token can be recovered exactly, while guessing by frequency gets 1/8 right. A defect
/// that cut the [MASK] positions off from their neighbours (mask polarity, ids, labels, positions) would leave it at 1/8.
/// The context is kept short (16) on purpose: with uniform initial attention a neighbour carries 1/T of the signal, and
/// at T = 64 a tiny encoder needs far more steps to leave the "copy visible tokens + unigram" plateau.
/// </summary>
public sealed class BertContextTests(ITestOutputHelper output)
{
    const int Period = 8;

    [Fact]
    public void Masked_language_model_learns_to_fill_blanks_from_neighbours()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(5);
        var vocabularySize = BertVocabulary.SpecialTokenCount + Period;
        var corpus = Enumerable.Range(0, 20_000).Select(i => BertVocabulary.SpecialTokenCount + i % Period).ToList();
        using var training = new TokenBatches(corpus, batchSize: 16, contextLength: 16, seed: 1);
        using var model = new Bert(new BertConfig(vocabularySize, ContextLength: 16, Layers: 1, Heads: 2, EmbeddingSize: 32, Dropout: 0.0));
        var masking = new MaskingOptions(BertVocabulary.Mask, vocabularySize,
            [BertVocabulary.Pad, BertVocabulary.Cls, BertVocabulary.Sep, BertVocabulary.Mask]) { SelectProbability = 0.3 };
        var task = TrainingTask.MaskedLanguageModel(model, masking, training, seed: 2);
        using var trainer = new Trainer(model, new TrainingOptions
        {
            Steps = 300, LearningRate = 3e-3, MinLearningRate = 3e-3, WarmupSteps = 1, EvaluationInterval = 0, Seed = 3,
        });
        trainer.Train(task);

        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new torch.Generator(99);
        var (ids, _) = training.Random(1_000);
        var batch = MaskedLanguageModeling.Mask(ids, masking, generator);
        var shownAsMask = batch.Inputs.eq(BertVocabulary.Mask);                                // (B, T) bool
        var predicted = model.Logits(batch.Inputs).argmax(-1);                                 // (B, T)
        var accuracy = predicted.eq(ids).masked_select(shownAsMask).to(ScalarType.Float32).mean().item<float>();
        output.WriteLine($"accuracy at [MASK] positions {accuracy:P1} over {shownAsMask.sum().item<long>()} (frequency guess {1.0 / Period:P1})");

        Assert.True(accuracy > 0.9,
            $"at [MASK] positions the encoder was right {accuracy:P1} of the time; the context determines the token, so > 90 % is " +
            $"expected (frequency guessing gets {1.0 / Period:P1})");
    }
}
