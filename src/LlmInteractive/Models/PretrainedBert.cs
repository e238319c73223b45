using LlmInteractive.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// A pretrained BERT encoder with the tokenizer it was trained with (<see cref="Pretrained.MiniLM"/>). It gives
/// hidden states and sentence embeddings, not next-token probabilities: it has no language-model head. Views take it
/// like any lab model (<c>#!attention --model minilm TEXT</c>, the model summary); fine-tuning and probing use
/// <see cref="Module"/> as any module (FineTuning.Freezing, Lora, a head on <see cref="SentenceEmbeddings(WordPieceBatch, bool)"/>).
/// </summary>
public sealed class PretrainedBert : ILanguageModel, IAttentionSource, IHasTokenizer
{
    public PretrainedBert(string name, PostLayerNormBert encoder, BertWordPieceTokenizer tokenizer, string source)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.VocabSize != encoder.Config.VocabularySize)
            throw new ArgumentException(
                $"The tokenizer has {tokenizer.VocabSize} ids but the encoder's vocabulary has {encoder.Config.VocabularySize}; use the model's own vocab.txt.",
                nameof(tokenizer));
        Name = name;
        Encoder = encoder;
        Tokenizer = tokenizer;
        Source = source;
    }

    /// <summary>"all-MiniLM-L6-v2".</summary>
    public string Name { get; }

    public PostLayerNormBert Encoder { get; }
    public BertWordPieceTokenizer Tokenizer { get; }
    ITokenizer IHasTokenizer.Tokenizer => Tokenizer;

    /// <summary>Where the weights were read from (package, version, file).</summary>
    public string Source { get; }

    public nn.Module Module => Encoder;
    public int VocabularySize => Encoder.Config.VocabularySize;
    public int ContextLength => Encoder.Config.MaxPositions;
    public bool IsCausal => false;
    public long ParameterCount => Encoder.ParameterCount;
    public double FlopsPerToken => Encoder.FlopsPerToken;

    /// <summary>There are none: a sentence encoder has no head that predicts tokens.</summary>
    public Tensor Logits(Tensor ids) => throw NoHead();

    /// <summary>There are no logits (no language-model head); <see cref="AttentionWeights"/> gives the attention.</summary>
    public (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttention(Tensor ids) => throw NoHead();

    public IReadOnlyList<Tensor> AttentionWeights(Tensor ids) => Encoder.AttentionWeights(ids);

    /// <inheritdoc cref="PostLayerNormBert.HiddenStates"/>
    public Tensor HiddenStates(Tensor ids, Tensor? attentionMask = null, Tensor? tokenTypes = null) =>
        Encoder.HiddenStates(ids, attentionMask, tokenTypes);

    /// <inheritdoc cref="PostLayerNormBert.Encode"/>
    public EncoderOutput Encode(Tensor ids, Tensor? attentionMask = null, Tensor? tokenTypes = null,
        bool allHiddenStates = false, bool attentions = false) =>
        Encoder.Encode(ids, attentionMask, tokenTypes, allHiddenStates, attentions);

    /// <summary>Texts as one padded batch on the model's device (see <see cref="BertWordPieceTokenizer.EncodeBatch"/>).</summary>
    public WordPieceBatch Tokenize(IEnumerable<string> texts, bool truncate = false) =>
        Tokenizer.EncodeBatch(texts, truncate, Runtime.Devices.Of(Encoder));

    /// <summary>
    /// The sentence embedding all-MiniLM-L6-v2 was trained for: hidden states mean-pooled over the real tokens, then
    /// (by default) scaled to unit length, so a dot product is the cosine similarity. (B, C); keeps gradients unless
    /// called under no_grad.
    /// </summary>
    public Tensor SentenceEmbeddings(WordPieceBatch batch, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var pooled = PostLayerNormBert.MeanPool(HiddenStates(batch.Ids, batch.AttentionMask, batch.TokenTypes), batch.AttentionMask);
        return (normalize ? nn.functional.normalize(pooled, p: 2, dim: 1) : pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Sentence embeddings (B, C) of <paramref name="texts"/>, inference only (eval mode, no gradients), on the CPU.</summary>
    public float[][] Embed(IEnumerable<string> texts, bool normalize = true)
    {
        var wasTraining = Encoder.training;
        Encoder.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            using var batch = Tokenize(texts);
            var embeddings = SentenceEmbeddings(batch, normalize).cpu();
            var width = (int)embeddings.shape[1];
            var values = embeddings.data<float>().ToArray();
            return [.. Enumerable.Range(0, (int)embeddings.shape[0]).Select(row => values.AsSpan(row * width, width).ToArray())];
        }
        finally
        {
            if (wasTraining) Encoder.train();
        }
    }

    /// <summary>
    /// Every layer's hidden states mean-pooled over the real tokens, inference only, on the CPU: result[text][layer]
    /// is a C-vector, layer 0 the embeddings and layer L the last (whose unit-length version is <see cref="Embed"/>).
    /// A probe on all layers keeps lexical detail the sentence embedding was trained to discard. Texts run in batches
    /// of similar length, so padding costs little; the result keeps the order given.
    /// </summary>
    /// <param name="cancellationToken">Checked between batches; when it cannot be cancelled, <see cref="Runtime.AmbientCancellation.Current"/> (a kernel's running cell) is used.</param>
    public float[][][] LayerMeans(IReadOnlyList<string> texts, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var result = new float[texts.Count][][];
        var byLength = Enumerable.Range(0, texts.Count).OrderBy(i => Tokenizer.Pieces(texts[i]).Count).ToArray();
        var cancel = Runtime.AmbientCancellation.Or(cancellationToken);
        var wasTraining = Encoder.training;
        Encoder.eval();
        try
        {
            using var noGrad = no_grad();
            foreach (var rows in byLength.Chunk(batchSize))
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var batch = Tokenize(rows.Select(i => texts[i]));
                using var output = Encode(batch.Ids, batch.AttentionMask, batch.TokenTypes, allHiddenStates: true);
                var means = stack(output.HiddenStates.Select(h => PostLayerNormBert.MeanPool(h, batch.AttentionMask)), 1).cpu(); // (B, L+1, C)
                int layers = (int)means.shape[1], width = (int)means.shape[2];
                var values = means.data<float>().ToArray();
                for (int r = 0; r < rows.Length; r++)
                    result[rows[r]] = [.. Enumerable.Range(0, layers).Select(l => values.AsSpan((r * layers + l) * width, width).ToArray())];
            }
        }
        finally
        {
            if (wasTraining) Encoder.train();
        }
        return result;
    }

    /// <summary>The [CLS] position's last hidden state (B, C): what BERT's classifiers read.</summary>
    public Tensor ClsEmbeddings(WordPieceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        return HiddenStates(batch.Ids, batch.AttentionMask, batch.TokenTypes)[TensorIndex.Colon, 0].MoveToOuterDisposeScope();
    }

    public override string ToString() =>
        $"{Name}: {Encoder.Config.Layers} layers, {Encoder.Config.Heads} heads, d={Encoder.Config.HiddenSize}, {ParameterCount:N0} parameters, from {Source}";

    NotSupportedException NoHead() => new(
        $"{Name} is a sentence encoder: it has no language-model head, so there are no token logits to score or sample from. " +
        "Use HiddenStates(ids) or SentenceEmbeddings(batch) for what it computes, and Scoring.Attention (or #!attention) for its attention.");
}
