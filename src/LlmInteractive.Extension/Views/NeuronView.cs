using LlmInteractive.Interpretability;

namespace LlmInteractive.Views;

/// <summary>
/// bertviz's neuron view: for one head and a query token, the query vector q, each key vector k, their elementwise
/// product, q·k, the scaled score q·k/√d and its softmax over the keys, beside the model's own weight, so the
/// attention weight reads as arithmetic. The HTML version switches heads and query tokens; the SVG shows the chosen ones.
/// </summary>
public sealed record NeuronView(QueryKeyVectors Vectors, int Layer = 0, int Head = 0, int Query = 0)
{
    /// <summary>Longest sequence shown (one table row per key).</summary>
    public const int MaxTokens = 128;

    public NeuronView Validated()
    {
        ArgumentNullException.ThrowIfNull(Vectors);
        new AttentionView(Vectors.Attention, Layer, Head).Validated();
        if (Vectors.Layers != Vectors.Attention.Layers || Vectors.Heads != Vectors.Attention.Heads || Vectors.Keys.Length != Vectors.Layers)
            throw new ArgumentException("The queries and keys must have the attention's layers and heads.", nameof(Vectors));
        var tokens = Vectors.Tokens.Count;
        if (tokens > MaxTokens)
            throw new ArgumentException($"The neuron view shows one row per key; {tokens} tokens is more than {MaxTokens}. Capture a shorter text.", nameof(Vectors));
        if (Query < 0 || Query >= tokens)
            throw new ArgumentOutOfRangeException(nameof(Query), Query, $"Query must be a token index in 0..{tokens - 1}.");
        if (Vectors.Queries[Layer][Head].Length != tokens || Vectors.Keys[Layer][Head].Length != tokens)
            throw new ArgumentException($"Layer {Layer}, head {Head} needs one query and one key vector per token ({tokens}).", nameof(Vectors));
        return this;
    }
}

public static class NeuronViews
{
    /// <summary>The neuron view of <paramref name="head"/> in <paramref name="layer"/>, opening on token <paramref name="query"/>.</summary>
    public static NeuronView NeuronView(this QueryKeyVectors vectors, int layer = 0, int head = 0, int query = 0) =>
        new NeuronView(vectors, layer, head, query).Validated();
}
