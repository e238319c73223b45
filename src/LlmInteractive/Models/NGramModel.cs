namespace LlmInteractive.Models;

/// <summary>
/// Exact count model for checking the chain rule (notebook 01). It takes every window of T consecutive tokens of a
/// sequence, so its joint P(x_1..x_T) is the empirical distribution of those windows; each conditional
/// P(x_t | x_&lt;t) = P(x_1..x_t) / P(x_1..x_{t−1}) comes from marginalising that same joint (counting windows by their
/// first t tokens). Hence Π_t P(x_t | x_&lt;t) equals the joint for every sequence, up to rounding.
/// </summary>
/// <remarks>The smoothed model for comparisons is <see cref="SmoothedNGramModel"/> below (kept in this file: one n-gram topic).</remarks>
public sealed class NGramModel
{
    /// <summary>Most sequences <see cref="EnumerateSequences"/> will list (V^T).</summary>
    public const long MaxEnumerated = 10_000_000;

    // _prefixCounts[t][key] = number of windows whose first t tokens encode (base V) to key; t = 0..T.
    private readonly Dictionary<long, long>[] _prefixCounts;

    public NGramModel(IReadOnlyList<int> tokens, int vocabSize, int windowLength)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (vocabSize < 1) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "The vocabulary needs at least one token.");
        if (windowLength < 1) throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, "The window length T must be >= 1.");
        if (windowLength * Math.Log(vocabSize) > Math.Log(long.MaxValue) - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength,
                $"V^T = {vocabSize}^{windowLength} does not fit in 64 bits; this exact model is for small T and V.");
        }
        if (tokens.Count < windowLength)
        {
            throw new ArgumentException($"Need at least T = {windowLength} tokens to form one window; got {tokens.Count}.", nameof(tokens));
        }

        VocabSize = vocabSize;
        WindowLength = windowLength;
        WindowCount = tokens.Count - windowLength + 1;
        _prefixCounts = new Dictionary<long, long>[windowLength + 1];
        for (int t = 0; t <= windowLength; t++) _prefixCounts[t] = [];

        for (int start = 0; start < WindowCount; start++)
        {
            long key = 0;
            _prefixCounts[0][0] = _prefixCounts[0].GetValueOrDefault(0) + 1;
            for (int t = 0; t < windowLength; t++)
            {
                int token = tokens[start + t];
                if (token < 0 || token >= vocabSize)
                {
                    throw new ArgumentOutOfRangeException(nameof(tokens), token,
                        $"Token {token} at position {start + t} is outside the vocabulary 0..{vocabSize - 1}.");
                }
                key = key * vocabSize + token;
                _prefixCounts[t + 1][key] = _prefixCounts[t + 1].GetValueOrDefault(key) + 1;
            }
        }
    }

    public int VocabSize { get; }

    /// <summary>T, the length of the sequences the joint is over.</summary>
    public int WindowLength { get; }

    /// <summary>Number of windows counted (tokens − T + 1).</summary>
    public int WindowCount { get; }

    /// <summary>Empirical P(x_1..x_T): the share of windows equal to <paramref name="sequence"/> (length T).</summary>
    public double Joint(IReadOnlyList<int> sequence)
    {
        CheckSequence(sequence, WindowLength, nameof(sequence));
        return (double)Count(sequence, WindowLength) / WindowCount;
    }

    /// <summary>
    /// P(next | prefix) from the joint's marginals; prefix length 0..T−1. A prefix that never occurs has no conditional
    /// distribution, so it is an error.
    /// </summary>
    public double Conditional(IReadOnlyList<int> prefix, int next)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Count >= WindowLength)
        {
            throw new ArgumentException($"A prefix may hold at most T − 1 = {WindowLength - 1} tokens; got {prefix.Count}.", nameof(prefix));
        }
        CheckSequence(prefix, prefix.Count, nameof(prefix));
        CheckToken(next, nameof(next));
        long prefixCount = Count(prefix, prefix.Count);
        if (prefixCount == 0)
        {
            throw new InvalidOperationException(
                $"Prefix [{string.Join(", ", prefix)}] never occurs in the data, so P(next | prefix) is undefined (0/0).");
        }
        var extended = prefix.Append(next).ToArray();
        return (double)Count(extended, extended.Length) / prefixCount;
    }

    /// <summary>
    /// Π_t P(x_t | x_&lt;t) for a length-T sequence. Once a prefix has probability 0 the product is 0 (the remaining
    /// factors would be 0/0 but are multiplied by 0).
    /// </summary>
    public double ChainRuleProbability(IReadOnlyList<int> sequence)
    {
        CheckSequence(sequence, WindowLength, nameof(sequence));
        double product = 1;
        for (int t = 0; t < WindowLength; t++)
        {
            long prefixCount = Count(sequence, t);
            if (prefixCount == 0) return 0;
            product *= (double)Count(sequence, t + 1) / prefixCount;
        }
        return product;
    }

    /// <summary>All V^T sequences of length T in lexicographic order (limited to <see cref="MaxEnumerated"/>).</summary>
    public IEnumerable<int[]> EnumerateSequences()
    {
        double total = Math.Pow(VocabSize, WindowLength);
        if (total > MaxEnumerated)
        {
            throw new InvalidOperationException(
                $"V^T = {VocabSize}^{WindowLength} = {total:G3} sequences is too many to list (limit {MaxEnumerated}); use a smaller V or T.");
        }
        return Enumerate();

        IEnumerable<int[]> Enumerate()
        {
            var current = new int[WindowLength];
            for (long i = 0; i < (long)total; i++)
            {
                yield return (int[])current.Clone();
                for (int t = WindowLength - 1; t >= 0; t--)
                {
                    if (++current[t] < VocabSize) break;
                    current[t] = 0;
                }
            }
        }
    }

    private long Count(IReadOnlyList<int> sequence, int length)
    {
        long key = 0;
        for (int t = 0; t < length; t++) key = key * VocabSize + sequence[t];
        return _prefixCounts[length].GetValueOrDefault(key);
    }

    private void CheckSequence(IReadOnlyList<int> sequence, int expectedLength, string name)
    {
        ArgumentNullException.ThrowIfNull(sequence, name);
        if (sequence.Count != expectedLength)
        {
            throw new ArgumentException($"Expected {expectedLength} tokens, got {sequence.Count}.", name);
        }
        foreach (int token in sequence) CheckToken(token, name);
    }

    private void CheckToken(int token, string name)
    {
        if (token < 0 || token >= VocabSize)
        {
            throw new ArgumentOutOfRangeException(name, token, $"Token {token} is outside the vocabulary 0..{VocabSize - 1}.");
        }
    }
}

/// <summary>
/// Order-n language model with add-α (Lidstone) smoothing: P(x | c) = (count(c, x) + α) / (count(c) + αV), with c the
/// previous n − 1 tokens (fewer at the start of a sequence). Every sequence gets non-zero probability, so it can be
/// scored on held-out text and compared with neural models by cross-entropy and perplexity.
/// </summary>
public sealed class SmoothedNGramModel
{
    // _counts[m][key] = occurrences of the m-gram encoded by key (base V, oldest token most significant), m = 1..n.
    // _contextCounts[m][key] = occurrences of that m-gram followed by another token, m = 0..n−1 (m = 0: all tokens), so
    // Σ_x count(c, x) = count of c as a context and every P(· | c) sums to 1.
    private readonly Dictionary<long, long>[] _counts;
    private readonly Dictionary<long, long>[] _contextCounts;

    public SmoothedNGramModel(IReadOnlyList<int> tokens, int vocabSize, int order, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (vocabSize < 1) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "The vocabulary needs at least one token.");
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order n must be >= 1 (1 = unigram, 2 = bigram, ...).");
        if (order * Math.Log(vocabSize) > Math.Log(long.MaxValue) - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"V^n = {vocabSize}^{order} does not fit in 64 bits; lower the order.");
        }
        if (!(alpha > 0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The add-α smoothing constant must be a finite number > 0 (1 = Laplace).");
        }

        VocabSize = vocabSize;
        Order = order;
        Alpha = alpha;
        _counts = new Dictionary<long, long>[order + 1];
        _contextCounts = new Dictionary<long, long>[order];
        for (int m = 0; m <= order; m++) _counts[m] = [];
        for (int m = 0; m < order; m++) _contextCounts[m] = [];

        for (int i = 0; i < tokens.Count; i++)
        {
            int token = tokens[i];
            if (token < 0 || token >= vocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token {token} at position {i} is outside the vocabulary 0..{vocabSize - 1}.");
            }
            // Count the m-grams ending at i, and their first m − 1 tokens as a context, for every m the start allows.
            _contextCounts[0][0] = _contextCounts[0].GetValueOrDefault(0) + 1;
            long key = 0, scale = 1;
            for (int m = 1; m <= order && i - m + 1 >= 0; m++)
            {
                key += tokens[i - m + 1] * scale;
                scale *= vocabSize;
                _counts[m][key] = _counts[m].GetValueOrDefault(key) + 1;
                if (m > 1) _contextCounts[m - 1][key / vocabSize] = _contextCounts[m - 1].GetValueOrDefault(key / vocabSize) + 1;
            }
        }
    }

    public int VocabSize { get; }

    /// <summary>n: the model conditions on the previous n − 1 tokens.</summary>
    public int Order { get; }

    public double Alpha { get; }

    /// <summary>P(next | context), using the last n − 1 tokens of <paramref name="context"/> (all of them if fewer).</summary>
    public double Probability(IReadOnlyList<int> context, int next)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckToken(next, nameof(next));
        int used = Math.Min(context.Count, Order - 1);
        long contextKey = 0;
        for (int j = context.Count - used; j < context.Count; j++)
        {
            CheckToken(context[j], nameof(context));
            contextKey = contextKey * VocabSize + context[j];
        }
        long contextCount = _contextCounts[used].GetValueOrDefault(contextKey);
        long joint = _counts[used + 1].GetValueOrDefault(contextKey * VocabSize + next);
        return (joint + Alpha) / (contextCount + Alpha * VocabSize);
    }

    /// <summary>ln P(sequence) = Σ_t ln P(x_t | previous n − 1 tokens), in nats.</summary>
    public double LogProbability(IReadOnlyList<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var tokens = ToArray(sequence);
        double total = 0;
        for (int t = 0; t < tokens.Length; t++)
        {
            int start = Math.Max(0, t - (Order - 1));
            total += Math.Log(Probability(new ArraySegment<int>(tokens, start, t - start), tokens[t]));
        }
        return total;
    }

    /// <summary>Mean −ln P per token (nats), the cross-entropy neural models report.</summary>
    public double CrossEntropy(IReadOnlyList<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.Count == 0) throw new ArgumentException("Cannot score an empty sequence.", nameof(sequence));
        return -LogProbability(sequence) / sequence.Count;
    }

    /// <summary>exp(cross-entropy): the effective number of equally likely choices per token.</summary>
    public double Perplexity(IReadOnlyList<int> sequence) => Math.Exp(CrossEntropy(sequence));

    private static int[] ToArray(IReadOnlyList<int> sequence) => sequence as int[] ?? sequence.ToArray();

    private void CheckToken(int token, string name)
    {
        if (token < 0 || token >= VocabSize)
        {
            throw new ArgumentOutOfRangeException(name, token, $"Token {token} is outside the vocabulary 0..{VocabSize - 1}.");
        }
    }
}
