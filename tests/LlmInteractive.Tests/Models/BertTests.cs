using LlmInteractive.Data;
using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class BertTests
{
    readonly BertVocabulary vocabulary = new(new TinyCharTokenizer());

    Bert TinyBert(int seed = 3)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        var model = new Bert(new BertConfig(vocabulary.VocabSize, ContextLength: 16, Layers: 2, Heads: 2, EmbeddingSize: 32, Dropout: 0));
        model.eval();
        return model;
    }

    [Fact]
    public void Vocabulary_reserves_special_ids_and_pads_batches()
    {
        Assert.Equal(31 + 4, vocabulary.VocabSize);
        Assert.Equal([4 + 7, 4 + 8], vocabulary.Encode("hi"));
        Assert.Equal("[MASK]", vocabulary.TokenText(BertVocabulary.Mask));
        Assert.Equal("h", vocabulary.TokenText(4 + 7));
        Assert.Equal("[CLS]hi[SEP]", vocabulary.Decode(vocabulary.EncodeSequence("hi", 16)));

        using var batch = vocabulary.EncodeBatch(["hi", "hello"], maxLength: 6);
        Assert.Equal(new long[] { 2, 6 }, batch.Ids.shape);
        Assert.Equal(new long[] { 1, 11, 12, 2, 0, 0 }, batch.Ids[0].data<long>().ToArray());
        Assert.Equal(new long[] { 1, 11, 8, 15, 15, 2 }, batch.Ids[1].data<long>().ToArray()); // "hello" cut to "hell"
        Assert.Equal(new[] { true, true, true, true, false, false }, batch.AttentionMask[0].data<bool>().ToArray());
    }

    [Fact]
    public void Every_position_sees_both_sides_but_never_the_padding()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert();
        using var _ = no_grad();
        var ids = tensor(new long[] { 1, 11, 12, 13, 2 }).unsqueeze(0);
        var changedLast = tensor(new long[] { 1, 11, 12, 20, 2 }).unsqueeze(0);
        var padded = tensor(new long[] { 1, 11, 12, 13, 2, 0, 0 }).unsqueeze(0);

        var logits = model.Logits(ids);
        var firstMoved = (logits[0, 1] - model.Logits(changedLast)[0, 1]).abs().max().item<float>();
        var paddingMoved = (logits[0] - model.Logits(padded)[0, TensorIndex.Slice(0, 5)]).abs().max().item<float>();

        Assert.False(model.IsCausal);
        Assert.True(firstMoved > 1e-4, "a bidirectional encoder's early positions must react to later tokens");
        Assert.True(paddingMoved < 1e-5, $"padding changed real positions by {paddingMoved}");
    }

    [Fact]
    public void Captured_attention_matches_the_fused_path_and_gives_padding_no_weight()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert();
        using var _ = no_grad();
        var ids = tensor(new long[] { 1, 11, 12, 13, 2, 0, 0 }).unsqueeze(0);

        var (logits, attention) = model.LogitsWithAttention(ids);

        Assert.True((logits - model.Logits(ids)).abs().max().item<float>() < 1e-5);
        foreach (var weights in attention)
        {
            Assert.True((weights.sum(-1) - 1).abs().max().item<float>() < 1e-5);
            Assert.Equal(0f, weights[TensorIndex.Ellipsis, TensorIndex.Slice(5, null)].abs().max().item<float>());
            Assert.True(weights[0, 0, 1, 4].item<float>() > 0, "an encoder attends forward too");
        }
    }

    [Fact]
    public void Masking_corrupts_only_text_tokens_and_labels_them()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var batch = vocabulary.EncodeBatch(["the quick brown fox jumps", "hi"], maxLength: 32);
        using var generator = new torch.Generator(5);

        var (inputs, labels) = MaskedLanguageModeling.Mask(batch.Ids, vocabulary.Masking(1.0), generator);

        var text = batch.Ids.ge(BertVocabulary.SpecialTokenCount);
        Assert.True(labels.masked_select(text).eq(batch.Ids.masked_select(text)).all().item<bool>(), "every text token is a target at rate 1");
        Assert.True(labels.masked_select(text.logical_not()).eq(Bert.IgnoreIndex).all().item<bool>(), "specials are never targets");
        Assert.True(inputs.masked_select(text.logical_not()).eq(batch.Ids.masked_select(text.logical_not())).all().item<bool>());
        var maskedShare = inputs.masked_select(text).eq(BertVocabulary.Mask).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(maskedShare, 0.5, 0.95); // 80% expected
    }

    [Fact]
    public void Masked_language_model_overfits_a_tiny_batch()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert();
        using var batch = vocabulary.EncodeBatch(["the cat sat on", "a dog ran far"], maxLength: 16);
        using var generator = new torch.Generator(11);
        var (inputs, labels) = MaskedLanguageModeling.Mask(batch.Ids, vocabulary.Masking(0.3), generator);
        Assert.True(labels.ne(Bert.IgnoreIndex).sum().item<long>() >= 3, "the test needs some masked positions");

        var final = TinyModels.Overfit(model, () => model.Loss(inputs, labels, batch.AttentionMask), steps: 80, learningRate: 1e-2);

        Assert.True(final < 0.1, $"masked-LM loss after 80 AdamW steps was {final}, expected < 0.1");
    }

    [Fact]
    public void Classifier_learns_a_tiny_spam_task_from_the_cls_position()
    {
        using var scope = NewDisposeScope();
        using var encoder = TinyBert();
        using var classifier = new BertClassifier(encoder, vocabulary, classes: 2, dropout: 0);
        string[] texts = ["win cash now!", "free prize, click!", "see you at lunch", "notes from the meeting"];
        using var batch = classifier.Encode(texts);
        var labels = tensor(new long[] { 1, 1, 0, 0 });

        var final = TinyModels.Overfit(classifier, () => classifier.Loss(batch, labels), steps: 40, learningRate: 1e-2);

        Assert.True(final < 0.05, $"classifier loss after 40 steps was {final}");
        Assert.Equal([1, 1, 0, 0], classifier.Predict(texts));
    }

    [Fact]
    public void Mismatched_vocabulary_or_mask_is_refused_with_the_fix()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert();
        var other = new BertVocabulary(new TinyCharTokenizer("abc"));

        var vocabularyError = Assert.Throws<ArgumentException>(() => new BertClassifier(model, other, 2));
        Assert.Contains("use the BertVocabulary the encoder was pretrained with", vocabularyError.Message);
        var maskError = Assert.Throws<ArgumentException>(() => model.Logits(ones(1, 4, ScalarType.Int64), ones(1, 3, ScalarType.Bool)));
        Assert.Contains("attention mask has shape [1, 3]", maskError.Message);
        var configError = Assert.Throws<ArgumentException>(() => new Bert(new BertConfig(4)));
        Assert.Contains("no room for text tokens", configError.Message);
    }
}
