using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// A sequence classifier on a <see cref="Bert"/> encoder: dropout and one Linear layer on the [CLS] position's hidden
/// state (e.g. spam/ham). Fine-tune all of it, only the head (a linear probe, with the encoder frozen), or LoRA adapters.
/// </summary>
public sealed class BertClassifier : nn.Module<BertBatch, Tensor>
{
    readonly Bert encoder;
    readonly nn.Module<Tensor, Tensor> drop;
    nn.Module<Tensor, Tensor> classifier;

    public BertClassifier(Bert encoder, BertVocabulary vocabulary, int classes, double dropout = 0.1) : base(nameof(BertClassifier))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), $"A classifier needs at least 2 classes (got {classes}).");
        if (vocabulary.VocabSize != encoder.VocabularySize)
            throw new ArgumentException(
                $"The vocabulary has {vocabulary.VocabSize} ids but the encoder was built for {encoder.VocabularySize}; " +
                "use the BertVocabulary the encoder was pretrained with.", nameof(vocabulary));
        this.encoder = encoder;
        Vocabulary = vocabulary;
        Classes = classes;
        drop = nn.Dropout(dropout);
        var head = nn.Linear(encoder.EmbeddingSize, classes);
        Initialization.Normal(head);
        classifier = head;
        RegisterComponents();
    }

    public Bert Encoder => encoder;
    public BertVocabulary Vocabulary { get; }
    public int Classes { get; }

    /// <summary>Texts as a padded batch on the model's device, cut to the encoder's ContextLength.</summary>
    public BertBatch Encode(IEnumerable<string> texts) =>
        Vocabulary.EncodeBatch(texts, encoder.ContextLength, Runtime.Devices.Of(this));

    /// <summary>Class logits (B, classes).</summary>
    public override Tensor forward(BertBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var cls = encoder.Hidden(batch.Ids, batch.AttentionMask)[TensorIndex.Colon, 0];  // (B, C): the [CLS] position
        return classifier.forward(drop.forward(cls)).MoveToOuterDisposeScope();            // (B, classes)
    }

    /// <summary>Mean cross-entropy against class labels (B) int64.</summary>
    public Tensor Loss(BertBatch batch, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(forward(batch), labels).MoveToOuterDisposeScope();
    }

    /// <summary>The most likely class of each text (evaluation mode, no gradients).</summary>
    public int[] Predict(IEnumerable<string> texts)
    {
        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            using var batch = Encode(texts);
            return forward(batch).argmax(-1).cpu().data<long>().Select(c => (int)c).ToArray();
        }
        finally
        {
            if (wasTraining) train();
        }
    }
}
