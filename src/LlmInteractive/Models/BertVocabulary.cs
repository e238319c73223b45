using LlmInteractive.Data;
using LlmInteractive.Tokenizers;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// A tokenizer's ids shifted up to make room for BERT's special tokens: [PAD]=0, [CLS]=1, [SEP]=2, [MASK]=3, then the
/// wrapped tokenizer's id i as i + 4. <see cref="Encode"/> gives the plain text ids; <see cref="EncodeSequence"/> and
/// <see cref="EncodeBatch"/> add [CLS] … [SEP] and padding as the model expects.
/// </summary>
public sealed class BertVocabulary(ITokenizer tokenizer) : ITokenizer
{
    public const int Pad = 0;
    public const int Cls = 1;
    public const int Sep = 2;
    public const int Mask = 3;
    public const int SpecialTokenCount = 4;
    static readonly string[] SpecialNames = ["[PAD]", "[CLS]", "[SEP]", "[MASK]"];

    public ITokenizer Inner { get; } = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));

    public string Name => $"{Inner.Name}+bert";
    public int VocabSize => Inner.VocabSize + SpecialTokenCount;

    public static bool IsSpecial(int id) => id is >= 0 and < SpecialTokenCount;

    /// <summary>Masked-LM corruption settings for this vocabulary: [MASK] as the mask, the four specials never selected.</summary>
    public MaskingOptions Masking(double selectProbability = 0.15) =>
        new(Mask, VocabSize, [Pad, Cls, Sep, Mask]) { SelectProbability = selectProbability };

    public IReadOnlyList<int> Encode(string text) => Inner.Encode(text).Select(id => id + SpecialTokenCount).ToList();

    /// <summary>Text tokens decode as the wrapped tokenizer does (runs kept together, so multi-byte pieces join); special tokens as their names.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new System.Text.StringBuilder();
        var run = new List<int>();
        foreach (var id in ids)
        {
            CheckRange(id);
            if (!IsSpecial(id)) { run.Add(id - SpecialTokenCount); continue; }
            text.Append(Inner.Decode(run)).Append(SpecialNames[id]);
            run.Clear();
        }
        return text.Append(Inner.Decode(run)).ToString();
    }

    public string TokenText(int id)
    {
        CheckRange(id);
        return IsSpecial(id) ? SpecialNames[id] : Inner.TokenText(id - SpecialTokenCount);
    }

    /// <summary>[CLS] text [SEP], the text cut so the whole fits in <paramref name="maxLength"/> tokens.</summary>
    public IReadOnlyList<int> EncodeSequence(string text, int maxLength)
    {
        if (maxLength < 3) throw new ArgumentOutOfRangeException(nameof(maxLength), $"maxLength must leave room for [CLS], a token and [SEP] (got {maxLength}).");
        return [Cls, .. Encode(text).Take(maxLength - 2), Sep];
    }

    /// <summary>
    /// Windows of ids (B, T) framed as [CLS] … [SEP] (B, T + 2), as BERT pretrains: the classifier of notebook 04 reads
    /// the [CLS] position, which pretraining must therefore have seen in that place.
    /// </summary>
    public static Tensor Frame(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2) throw new ArgumentException($"Frame takes windows of shape (B, T); got [{string.Join(", ", ids.shape)}].", nameof(ids));
        using var scope = NewDisposeScope();
        var cls = full(ids.shape[0], 1, (long)Cls, dtype: ids.dtype, device: ids.device);   // (B, 1)
        var sep = full(ids.shape[0], 1, (long)Sep, dtype: ids.dtype, device: ids.device);   // (B, 1)
        return cat([cls, ids, sep], 1).MoveToOuterDisposeScope();                           // (B, T + 2)
    }

    /// <summary>Texts as [CLS] … [SEP], padded with [PAD] to the longest, on <paramref name="device"/> (CPU by default).</summary>
    public BertBatch EncodeBatch(IEnumerable<string> texts, int maxLength, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var sequences = texts.Select(t => EncodeSequence(t, maxLength)).ToList();
        if (sequences.Count == 0) throw new ArgumentException("EncodeBatch needs at least one text.", nameof(texts));
        var length = sequences.Max(s => s.Count);
        var ids = new long[sequences.Count * length];
        for (var row = 0; row < sequences.Count; row++)
            for (var column = 0; column < sequences[row].Count; column++)
                ids[row * length + column] = sequences[row][column]; // the rest stays 0 = [PAD]
        var idTensor = tensor(ids, [sequences.Count, length], device: device);
        return new BertBatch(idTensor, idTensor.ne(Pad));
    }

    void CheckRange(int id)
    {
        if (id < 0 || id >= VocabSize)
            throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside this BERT vocabulary [0, {VocabSize}).");
    }
}
