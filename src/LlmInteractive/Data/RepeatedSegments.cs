using System.Text;
using LlmInteractive.Tokenizers;
using static TorchSharp.torch;

namespace LlmInteractive.Data;

/// <summary>
/// Inputs and targets (B, T) int64, and where the target can be copied from earlier in the row: true at the tokens of
/// a segment's second occurrence after its first (the first cannot be known before the repeat starts).
/// </summary>
public sealed record RepeatedBatch(Tensor Inputs, Tensor Targets, Tensor Predictable) : IDisposable
{
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        Predictable.Dispose();
    }
}

/// <summary>
/// Rows of uniformly random tokens in which one random segment occurs twice (Olsson et al. 2022's repeated random
/// tokens, the cleanest test of in-context copying). Nothing but the repeat is predictable: every other token costs
/// ln V nats to any predictor, the repeat can be copied. The segment's length (in [MinSegment, MaxSegment]) and both of
/// its places vary from row to row, so the distance back to the earlier occurrence is no constant a head could learn
/// by position: a model must find it by content. Batches are a pure function of (seed, index), as <see cref="TokenBatches"/>.
/// </summary>
public sealed class RepeatedSegments
{
    const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <param name="vocabSize">Tokens 0..V − 1, drawn uniformly (2..52: each is shown as a letter).</param>
    /// <param name="contextLength">Model input length T; each row has T + 1 tokens (inputs and shifted targets).</param>
    /// <param name="minSegment">Shortest segment (at least 2).</param>
    /// <param name="maxSegment">Longest segment; twice it must fit in a row of T + 1 tokens.</param>
    public RepeatedSegments(int vocabSize, int contextLength, int minSegment, int maxSegment, int seed = 0)
    {
        if (vocabSize < 2 || vocabSize > Letters.Length)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"Use 2 to {Letters.Length} tokens (each is shown as a letter).");
        if (contextLength < 3)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "The context must hold at least 3 tokens, for a segment of 2 and its repeat.");
        if (minSegment < 2 || maxSegment < minSegment || 2 * maxSegment > contextLength + 1)
            throw new ArgumentOutOfRangeException(nameof(maxSegment), maxSegment,
                $"Segments must satisfy 2 ≤ minSegment ({minSegment}) ≤ maxSegment ({maxSegment}) ≤ (T + 1) / 2 = {(contextLength + 1) / 2}: both occurrences must fit in a row.");
        VocabSize = vocabSize;
        ContextLength = contextLength;
        MinSegment = minSegment;
        MaxSegment = maxSegment;
        Seed = seed;
        Tokenizer = new CharTokenizer(Letters[..vocabSize].EnumerateRunes());
    }

    public int VocabSize { get; }

    public int ContextLength { get; }

    public int MinSegment { get; }

    public int MaxSegment { get; }

    public int Seed { get; }

    /// <summary>Names token i as the i-th letter (a..z, A..Z), for attention views and printed rows.</summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>
    /// Batch <paramref name="index"/> of <paramref name="batchSize"/> rows; each row draws its own segment length and
    /// places. Use distinct index ranges for training and evaluation (e.g. negative indices for held-out batches).
    /// </summary>
    public RepeatedBatch Batch(long index, int batchSize, Device? device = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        var random = new Random(unchecked((int)(Seed * 1_000_003L + index)));
        var length = ContextLength + 1;
        var rows = new long[batchSize * length];
        var predictable = new bool[batchSize * ContextLength];
        for (var b = 0; b < batchSize; b++)
        {
            var segment = random.Next(MinSegment, MaxSegment + 1);
            var first = random.Next(0, length - 2 * segment + 1);
            var second = random.Next(first + segment, length - segment + 1);
            Fill(rows.AsSpan(b * length, length), predictable.AsSpan(b * ContextLength, ContextLength), segment, first, second, random, distinct: false);
        }
        return Split(rows, predictable, batchSize, length, device);
    }

    /// <summary>
    /// Held-out rows with no other tokens: a segment of <paramref name="segment"/> distinct tokens, then the same segment
    /// (2L tokens: inputs and targets of length 2L − 1). Distinct tokens give every token of the repeat exactly one
    /// earlier occurrence, so a perfect copier predicts the repeat after its first token at zero loss.
    /// </summary>
    public RepeatedBatch Doubled(int rows, int segment, int seed, Device? device = null)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Ask for at least one row.");
        if (segment < 2 || segment > VocabSize || 2 * segment - 1 > ContextLength)
            throw new ArgumentOutOfRangeException(nameof(segment), segment,
                $"The segment must be 2 to {Math.Min(VocabSize, (ContextLength + 1) / 2)} tokens: distinct (at most V = {VocabSize}) and twice it, less one, within T = {ContextLength}.");
        var random = new Random(seed);
        var data = new long[rows * 2 * segment];
        var predictable = new bool[rows * (2 * segment - 1)];
        for (var b = 0; b < rows; b++)
            Fill(data.AsSpan(b * 2 * segment, 2 * segment), predictable.AsSpan(b * (2 * segment - 1), 2 * segment - 1), segment, 0, segment, random, distinct: true);
        return Split(data, predictable, rows, 2 * segment, device);
    }

    /// <summary>A row of token ids as letters, e.g. the text of an attention view.</summary>
    public string Text(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (var id in ids) text.Append(Letters[checked((int)id)]);
        return text.ToString();
    }

    // Random tokens everywhere, then the segment at `first` and again at `second`. Target t predicts row token t + 1.
    void Fill(Span<long> row, Span<bool> predictable, int segment, int first, int second, Random random, bool distinct)
    {
        for (var i = 0; i < row.Length; i++) row[i] = random.Next(VocabSize);
        var tokens = distinct
            ? Enumerable.Range(0, VocabSize).OrderBy(_ => random.Next()).Take(segment).Select(t => (long)t).ToArray()
            : Enumerable.Range(0, segment).Select(_ => (long)random.Next(VocabSize)).ToArray();
        for (var i = 0; i < segment; i++) row[first + i] = row[second + i] = tokens[i];
        for (var i = 1; i < segment; i++) predictable[second + i - 1] = true;
    }

    static RepeatedBatch Split(long[] data, bool[] predictable, int rows, int length, Device? device)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var all = tensor(data, [rows, length], device: device ?? CPU);                                      // (B, T + 1)
        var inputs = all[TensorIndex.Colon, TensorIndex.Slice(0, -1)].contiguous();
        var targets = all[TensorIndex.Colon, TensorIndex.Slice(1, null)].contiguous();
        var mask = tensor(predictable, [rows, length - 1], device: device ?? CPU);                           // (B, T)
        return new RepeatedBatch(inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }
}
