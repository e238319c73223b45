using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Data;

/// <summary>
/// (B, T) input/target windows cut from one token stream, targets shifted one token right. Random batches are a pure
/// function of (seed, index), so a run that resumes at step s draws exactly the batches it would have drawn; sequential
/// batches walk the stream in order for evaluation.
/// </summary>
public sealed class TokenBatches : IDisposable
{
    readonly Tensor stream;          // (N,) int64 on Device
    readonly Tensor positions;       // (T,) 0..T-1, added to window starts
    readonly int seed;

    public TokenBatches(IReadOnlyList<int> tokens, int batchSize, int contextLength, Device? device = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        if (contextLength < 1)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "The context length must be at least 1.");
        if (tokens.Count == 0)
            throw new ArgumentException("The token stream is empty: encode some text with a tokenizer and pass its ids.", nameof(tokens));
        if (tokens.Count < contextLength + 1)
            throw new ArgumentException(
                $"The token stream has {tokens.Count} tokens but context length {contextLength} needs at least {contextLength + 1} " +
                "(a window plus the next token as its last target); use more text or a shorter context length.", nameof(tokens));

        var ids = new long[tokens.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            if (tokens[i] < 0)
                throw new ArgumentException($"Token {i} of the stream is {tokens[i]}; token ids are 0 or more.", nameof(tokens));
            ids[i] = tokens[i];
        }

        Runtime.TorchRuntime.EnsureLoaded();
        Device = device ?? CPU;
        BatchSize = batchSize;
        ContextLength = contextLength;
        TokenCount = ids.Length;
        this.seed = seed;
        stream = torch.tensor(ids, device: Device).DetachFromDisposeScope();
        positions = torch.arange(contextLength, dtype: int64, device: Device).DetachFromDisposeScope();
    }

    public int BatchSize { get; }

    public int ContextLength { get; }

    public Device Device { get; }

    /// <summary>Length of the token stream.</summary>
    public int TokenCount { get; }

    /// <summary>Tokens in one batch: B × T.</summary>
    public long TokensPerBatch => (long)BatchSize * ContextLength;

    /// <summary>Non-overlapping windows in the stream (each needs T + 1 tokens, the last shared with the next window).</summary>
    public int WindowCount => (TokenCount - 1) / ContextLength;

    /// <summary>Sequential batches needed to cover every window once (the last one wraps to the stream's start).</summary>
    public int SequentialBatchCount => (WindowCount + BatchSize - 1) / BatchSize;

    /// <summary>Batch <paramref name="index"/> of uniformly random windows: the same index always gives the same batch.</summary>
    public (Tensor Inputs, Tensor Targets) Random(long index)
    {
        var random = new Random(MixSeed(seed, index));
        var starts = new long[BatchSize];
        var lastStart = TokenCount - ContextLength - 1;   // inclusive: the target window ends at the stream's last token
        for (var b = 0; b < starts.Length; b++) starts[b] = random.NextInt64(lastStart + 1);
        return Windows(starts);
    }

    /// <summary>
    /// Batch <paramref name="index"/> of consecutive non-overlapping windows from the stream's start, wrapping around:
    /// batches 0 .. <see cref="SequentialBatchCount"/> − 1 cover the whole stream.
    /// </summary>
    public (Tensor Inputs, Tensor Targets) Sequential(long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "The batch index must be 0 or more.");
        var starts = new long[BatchSize];
        for (var b = 0; b < starts.Length; b++) starts[b] = (index * BatchSize + b) % WindowCount * ContextLength;
        return Windows(starts);
    }

    (Tensor Inputs, Tensor Targets) Windows(long[] starts)
    {
        using var scope = NewDisposeScope();
        var offsets = torch.tensor(starts, device: Device).unsqueeze(1) + positions;   // (B, T)
        var inputs = stream.take(offsets);                                              // (B, T)
        var targets = stream.take(offsets + 1);                                         // (B, T)
        return (inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }

    // SplitMix64 finaliser: neighbouring (seed, index) pairs get unrelated generator seeds.
    static int MixSeed(int seed, long index)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }

    public void Dispose()
    {
        stream.Dispose();
        positions.Dispose();
    }
}
