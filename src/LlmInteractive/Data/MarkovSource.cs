using System.Globalization;
using System.Text;
using LlmInteractive.Tokenizers;

namespace LlmInteractive.Data;

/// <summary>
/// A random order-k Markov chain over V symbols: the next symbol depends on the previous k. Each of the V^k transition
/// rows is drawn from a symmetric Dirichlet(concentration): small concentration → peaked rows → low entropy, large →
/// near uniform (entropy → ln V). Its <see cref="EntropyRate"/> is known exactly, so it is the floor that the
/// cross-entropy of any model trained on its samples approaches (scaling-laws notebook). Fully determined by the seed.
/// Contexts are numbered in base V, oldest symbol most significant.
/// </summary>
public sealed class MarkovSource
{
    private const double StationaryTolerance = 1e-12;
    private const int MaxPowerIterations = 1_000_000;

    private readonly double[][] _rows;   // [context][next symbol]
    private readonly double[] _stationary; // π over contexts

    public MarkovSource(int vocabSize, int order, double concentration, int seed)
    {
        if (vocabSize < 2 || vocabSize > MaxVocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"A Markov source needs 2..{MaxVocabSize} symbols.");
        }
        if (order < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order k (symbols of context) must be 0 or more.");
        }
        double contexts = Math.Pow(vocabSize, order);
        if (contexts * vocabSize > 50_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order,
                $"V^(k+1) = {vocabSize}^{order + 1} transition probabilities is too many to hold; lower the order or the vocabulary.");
        }
        if (!(concentration > 0) || double.IsInfinity(concentration))
        {
            throw new ArgumentOutOfRangeException(nameof(concentration), concentration,
                "The Dirichlet concentration must be a finite number > 0 (e.g. 0.1 peaked, 1 uniform over rows, 10 near-uniform).");
        }

        VocabSize = vocabSize;
        Order = order;
        Concentration = concentration;
        Seed = seed;
        ContextCount = (int)contexts;

        var sampler = new DirichletSampler(new Random(seed));
        _rows = new double[ContextCount][];
        for (int c = 0; c < ContextCount; c++) _rows[c] = sampler.Sample(vocabSize, concentration);
        _stationary = StationaryDistribution();
        EntropyRate = ComputeEntropyRate();
        Tokenizer = new CharTokenizer(PrintableSymbols().Take(vocabSize));
    }

    /// <summary>Most symbols a source may have (the printable characters its tokenizer can name).</summary>
    public const int MaxVocabSize = 4096;

    public int VocabSize { get; }

    public int Order { get; }

    public double Concentration { get; }

    public int Seed { get; }

    /// <summary>V^k.</summary>
    public int ContextCount { get; }

    /// <summary>Exact entropy rate in nats/token: −Σ_ctx π(ctx) Σ_x P(x|ctx) ln P(x|ctx).</summary>
    public double EntropyRate { get; }

    /// <summary>The entropy rate in bits/token.</summary>
    public double EntropyRateBits => EntropyRate / Math.Log(2);

    /// <summary>Stationary distribution π over the V^k contexts.</summary>
    public IReadOnlyList<double> Stationary => _stationary;

    /// <summary>
    /// Symbol i ↔ the i-th printable character (from '!' on, skipping control and space characters), so that
    /// a CharTokenizer over them gives symbol i the id i and samples can be shown as text.
    /// </summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>P(· | context) for a context index in 0..V^k − 1.</summary>
    public IReadOnlyList<double> TransitionRow(int context)
    {
        if (context < 0 || context >= ContextCount)
        {
            throw new ArgumentOutOfRangeException(nameof(context), context, $"Contexts are numbered 0..{ContextCount - 1}.");
        }
        return _rows[context];
    }

    /// <summary>
    /// Samples <paramref name="length"/> symbols. The first k come from the stationary distribution, so the sample is
    /// stationary from its first token and its mean −ln P matches <see cref="EntropyRate"/> without burn-in.
    /// </summary>
    public int[] Sample(int length, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var random = new Random(seed);
        var symbols = new int[length];
        int context = Draw(_stationary, random);
        // Write the starting context's symbols (oldest first).
        int prefix = Math.Min(Order, length);
        for (int i = 0; i < prefix; i++)
        {
            symbols[i] = (int)(context / (long)Math.Pow(VocabSize, Order - 1 - i) % VocabSize);
        }
        for (int t = prefix; t < length; t++)
        {
            int next = Draw(_rows[context], random);
            symbols[t] = next;
            context = NextContext(context, next);
        }
        return symbols;
    }

    /// <summary>Sample as text through <see cref="Tokenizer"/>.</summary>
    public string SampleText(int length, int seed) => Tokenizer.Decode(Sample(length, seed));

    /// <summary>
    /// Mean −ln P(x_t | previous k) over positions t ≥ k of <paramref name="sequence"/> under the true chain:
    /// the cross-entropy of a perfect model, which converges to <see cref="EntropyRate"/> on long samples.
    /// </summary>
    public double MeanNegativeLogLikelihood(IReadOnlyList<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.Count <= Order)
        {
            throw new ArgumentException($"Need more than k = {Order} symbols to score a prediction; got {sequence.Count}.", nameof(sequence));
        }
        int context = 0;
        for (int t = 0; t < Order; t++) context = NextContext(context, CheckSymbol(sequence[t], t));
        double total = 0;
        for (int t = Order; t < sequence.Count; t++)
        {
            int symbol = CheckSymbol(sequence[t], t);
            total -= Math.Log(_rows[context][symbol]);
            context = NextContext(context, symbol);
        }
        return total / (sequence.Count - Order);
    }

    private int CheckSymbol(int symbol, int position)
    {
        if (symbol < 0 || symbol >= VocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(symbol), symbol,
                $"Symbol {symbol} at position {position} is outside 0..{VocabSize - 1}.");
        }
        return symbol;
    }

    // Shift the new symbol in at the least significant end; the oldest drops off the top.
    private int NextContext(int context, int symbol) => Order == 0 ? 0 : (int)((context * (long)VocabSize + symbol) % ContextCount);

    private static int Draw(double[] probabilities, Random random)
    {
        double u = random.NextDouble(), cumulative = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }
        // Rounding left u above the total; the last symbol with mass is the right answer.
        for (int i = probabilities.Length - 1; i >= 0; i--) if (probabilities[i] > 0) return i;
        return probabilities.Length - 1;
    }

    // Power iteration on the lazy chain (I + P)/2: same stationary distribution, but aperiodic even when a peaked
    // chain almost cycles, so it converges. Stops when ‖πP − π‖₁ < 1e-12.
    private double[] StationaryDistribution()
    {
        var pi = new double[ContextCount];
        Array.Fill(pi, 1.0 / ContextCount);
        if (Order == 0) return pi;
        var next = new double[ContextCount];
        for (int iteration = 0; iteration < MaxPowerIterations; iteration++)
        {
            Array.Clear(next);
            for (int c = 0; c < ContextCount; c++)
            {
                double mass = pi[c];
                int shifted = (int)(c * (long)VocabSize % ContextCount);
                var row = _rows[c];
                for (int x = 0; x < VocabSize; x++) next[shifted + x] += mass * row[x];
            }
            double residual = 0, sum = 0;
            for (int c = 0; c < ContextCount; c++)
            {
                residual += Math.Abs(next[c] - pi[c]);
                pi[c] = 0.5 * (pi[c] + next[c]);
                sum += pi[c];
            }
            for (int c = 0; c < ContextCount; c++) pi[c] /= sum;
            if (residual < StationaryTolerance) return pi;
        }
        throw new InvalidOperationException(
            $"The stationary distribution did not converge to {StationaryTolerance} in {MaxPowerIterations} iterations " +
            $"(concentration {Concentration} makes the chain nearly reducible); raise the concentration.");
    }

    private double ComputeEntropyRate()
    {
        double entropy = 0;
        for (int c = 0; c < ContextCount; c++)
        {
            double rowEntropy = 0;
            foreach (double p in _rows[c]) if (p > 0) rowEntropy -= p * Math.Log(p);
            entropy += _stationary[c] * rowEntropy;
        }
        return entropy;
    }

    // Printable characters in code-point order, so sorting them (as CharTokenizer does) keeps symbol i at id i.
    private static IEnumerable<Rune> PrintableSymbols()
    {
        for (int code = 0x21; code < 0xD800; code++)
        {
            var rune = new Rune(code);
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || category is UnicodeCategory.Format
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            yield return rune;
        }
    }
}
