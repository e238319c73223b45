using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// One head's score on an attention pattern beside what a head that spreads its weight uniformly over its allowed
/// keys would score on the same queries: the number means something only relative to <see cref="Uniform"/>.
/// </summary>
public sealed record HeadScore(int Layer, int Head, double Score, double Uniform)
{
    /// <summary>Score ÷ uniform: 1 is what chance attention gives.</summary>
    public double VsUniform => Score / Uniform;
}

/// <summary>
/// Scores of causal attention patterns (Elhage et al. 2021; Olsson et al. 2022), per layer and head, for attention
/// weights L × (B, nh, T, T) as <c>Gpt.LogitsWithAttention</c> returns them:
/// a <b>previous-token</b> head puts its weight on key i − 1; an <b>induction</b> head, at a token seen before, puts
/// it on the key just after each earlier occurrence (the token that followed it last time), so it can be copied.
/// </summary>
public static class AttentionPatternScores
{
    /// <summary>
    /// Mean weight on key i − 1 over queries i ≥ 1. Uniform attention over the i + 1 allowed keys scores the mean of
    /// 1/(i + 1) over the same queries.
    /// </summary>
    public static IReadOnlyList<HeadScore> PreviousToken(IReadOnlyList<Tensor> attention)
    {
        ArgumentNullException.ThrowIfNull(attention);
        var scores = new List<HeadScore>();
        for (var layer = 0; layer < attention.Count; layer++)
        {
            using var scope = NewDisposeScope();
            var weights = Check(attention[layer], layer);                                 // (B, nh, T, T)
            var T = weights.shape[2];
            if (T < 2) throw new ArgumentException("A previous-token score needs at least two positions.", nameof(attention));
            var perHead = weights.diagonal(-1, -2, -1).mean([0, 2]).to(float64).cpu().data<double>().ToArray();   // (nh)
            var uniform = Enumerable.Range(1, (int)T - 1).Average(i => 1.0 / (i + 1));
            scores.AddRange(perHead.Select((s, h) => new HeadScore(layer, h, s, uniform)));
        }
        return scores;
    }

    /// <summary>
    /// For every query i whose token <paramref name="ids"/>[b, i] occurred before (at some j &lt; i), the weight summed
    /// over the keys j + 1 after those occurrences, averaged over such queries. Uniform attention scores, on the same
    /// queries, the number of such keys over i + 1. Queries whose token is new are left out (no induction key exists).
    /// </summary>
    /// <param name="attention">L × (B, nh, T, T).</param>
    /// <param name="ids">(B, T), the input the weights were computed on.</param>
    public static IReadOnlyList<HeadScore> Induction(IReadOnlyList<Tensor> attention, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using var scope = NewDisposeScope();
        return OnKeys(attention, ids, InductionKeys(ids));
    }

    /// <summary>
    /// The <b>duplicate-token</b> score: for every query whose token occurred before, the weight summed over those
    /// earlier occurrences j themselves (not j + 1), averaged over such queries, beside uniform attention's share.
    /// A head that finds the earlier copy of the current token scores high here, an induction head low.
    /// </summary>
    public static IReadOnlyList<HeadScore> DuplicateToken(IReadOnlyList<Tensor> attention, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using var scope = NewDisposeScope();
        return OnKeys(attention, ids, EarlierOccurrences(ids));
    }

    // Mean weight on the marked keys (B, T, T) over the queries that have any, per head, beside uniform attention's.
    static List<HeadScore> OnKeys(IReadOnlyList<Tensor> attention, Tensor ids, Tensor keys)
    {
        ArgumentNullException.ThrowIfNull(attention);
        var perQuery = keys.sum(-1);                                                        // (B, T): marked keys per query
        var valid = perQuery.gt(0).to(float32);                                             // (B, T)
        var queries = valid.sum().item<float>();
        if (queries == 0)
            throw new ArgumentException("No token in ids occurs twice, so no query has an earlier occurrence to look at; use repeated sequences.", nameof(ids));
        var T = ids.shape[1];
        var oneOverKeys = (arange(T, dtype: float32, device: ids.device) + 1).reciprocal();                  // (T): 1/(i + 1)
        var uniform = ((perQuery * oneOverKeys).sum() / queries).item<float>();

        var scores = new List<HeadScore>();
        for (var layer = 0; layer < attention.Count; layer++)
        {
            var weights = Check(attention[layer], layer);                                  // (B, nh, T, T)
            if (weights.shape[0] != ids.shape[0] || weights.shape[2] != T)
                throw new ArgumentException($"Layer {layer}'s weights [{string.Join(", ", weights.shape)}] do not match ids [{string.Join(", ", ids.shape)}].", nameof(attention));
            var onKeys = (weights.to(float32) * keys.to(weights.device).unsqueeze(1)).sum(-1);                 // (B, nh, T)
            var perHead = (onKeys * valid.to(weights.device).unsqueeze(1)).sum([0, 2]) / queries;              // (nh)
            scores.AddRange(perHead.to(float64).cpu().data<double>().ToArray().Select((s, h) => new HeadScore(layer, h, s, uniform)));
        }
        return scores;
    }

    /// <summary>(B, T, T) 1 where key j &lt; i holds the same token as query i.</summary>
    public static Tensor EarlierOccurrences(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dim() != 2) throw new ArgumentException($"ids must be (B, T); got shape [{string.Join(", ", ids.shape)}].", nameof(ids));
        return ids.unsqueeze(2).eq(ids.unsqueeze(1)).to(float32).tril(-1);
    }

    /// <summary>(B, T, T) 1 where key k is the position just after an earlier occurrence of query i's token (k − 1 &lt; i).</summary>
    public static Tensor InductionKeys(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using var scope = NewDisposeScope();
        var same = EarlierOccurrences(ids);                                                 // (B, T, T): ids[i] = ids[j], j < i
        // Shift j → k = j + 1 along the key axis; k ≤ i holds because j < i.
        var keys = nn.functional.pad(same[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, -1)], [1, 0]);
        return keys.MoveToOuterDisposeScope();
    }

    static Tensor Check(Tensor weights, int layer)
    {
        if (weights.dim() != 4 || weights.shape[2] != weights.shape[3])
            throw new ArgumentException($"Layer {layer}'s attention weights must be (B, nh, T, T); got shape [{string.Join(", ", weights.shape)}].");
        return weights;
    }
}
