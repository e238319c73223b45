using LlmInteractive.Data;
using LlmInteractive.Models;
using LlmInteractive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Masking;

public sealed class FramingTests
{
    [Fact]
    public void Frame_wraps_each_window_in_cls_and_sep()
    {
        using var scope = NewDisposeScope();
        var windows = tensor(new long[] { 7, 8, 9, 10, 11, 12 }, [2, 3]);
        var framed = BertVocabulary.Frame(windows);

        Assert.Equal(new long[] { 2, 5 }, framed.shape);
        Assert.Equal(new long[] { BertVocabulary.Cls, 7, 8, 9, BertVocabulary.Sep, BertVocabulary.Cls, 10, 11, 12, BertVocabulary.Sep },
            framed.data<long>().ToArray());
    }

    [Fact]
    public void A_framed_masked_lm_task_needs_two_more_positions_and_trains_on_framed_sequences()
    {
        var tokens = Enumerable.Range(0, 400).Select(i => 4 + i % 20).ToList();
        using var batches = new TokenBatches(tokens, batchSize: 4, contextLength: 14);
        var vocabulary = new MaskingOptions(BertVocabulary.Mask, 24, [0, 1, 2, 3]);

        using var tooShort = new Bert(new BertConfig(24, ContextLength: 15, Layers: 1, Heads: 2, EmbeddingSize: 16, Dropout: 0));
        var error = Assert.Throws<ArgumentException>(() => TrainingTask.MaskedLanguageModel(tooShort, vocabulary, batches, framed: true));
        Assert.Contains("+2 for [CLS] and [SEP]", error.Message);
        Assert.Contains("at most 13", error.Message);

        using var model = new Bert(new BertConfig(24, ContextLength: 16, Layers: 1, Heads: 2, EmbeddingSize: 16, Dropout: 0));
        var task = TrainingTask.MaskedLanguageModel(model, vocabulary, batches, batches, framed: true);
        using var loss = task.TrainingLoss(0);
        using var validation = task.ValidationLoss(0);
        Assert.True(float.IsFinite(loss.item<float>()) && float.IsFinite(validation.item<float>()));
    }
}
