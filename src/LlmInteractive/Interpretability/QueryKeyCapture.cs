using LlmInteractive.Evaluation;
using LlmInteractive.Models;
using LlmInteractive.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Reads every head's queries and keys in the same forward pass that computes the attention weights (bertviz's
/// neuron view), so a weight can be recomputed by hand: softmax(q·k/√d). Works on the lab models whose attention
/// modules expose them (<see cref="IHasQueryKeyObserver"/>: the GPT's and lab BERT's <see cref="MultiHeadAttention"/>,
/// MiniLM's <see cref="BertSelfAttention"/>). Inference only; the model's mode is restored. Under RoPE the vectors are the
/// rotated ones the scores are made of; under ALiBi the weights also carry a distance bias that q·k does not show.
/// </summary>
public static class QueryKeyCapture
{
    /// <summary>Queries, keys and attention of <paramref name="text"/> as <paramref name="tokenizer"/> encodes it.</summary>
    public static QueryKeyVectors Capture(ILanguageModel model, ITokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var ids = Scoring.Encode(model, tokenizer, text);
        return Run(model, ids, ids.Select(tokenizer.TokenText).ToList(), null, input =>
            model is IAttentionSource source ? source.AttentionWeights(input) : model.LogitsWithAttention(input).Attention);
    }

    /// <summary>The same for a sentence pair through a BERT, with its token types (see <see cref="Scoring.Attention(PretrainedBert, string, string)"/>).</summary>
    public static QueryKeyVectors Capture(PretrainedBert model, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (ids, types) = model.Tokenizer.EncodePair(first, second);
        return Run(model, ids, ids.Select(model.Tokenizer.TokenText).ToList(), types, input =>
        {
            var typeIds = tensor(types.Select(t => (long)t).ToArray(), device: input.device).unsqueeze(0); // (1, T)
            var output = model.Encode(input, tokenTypes: typeIds, attentions: true);
            output.LastHiddenState.Dispose();
            return output.Attentions;
        });
    }

    static QueryKeyVectors Run(ILanguageModel model, IReadOnlyList<int> ids, IReadOnlyList<string> tokens, IReadOnlyList<int>? types,
        Func<Tensor, IReadOnlyList<Tensor>> forwardWithWeights)
    {
        var layers = model.Module.named_modules().Select(m => m.module).OfType<IHasQueryKeyObserver>().ToList();
        if (layers.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} has no attention layers that expose their queries and keys.", nameof(model));
        var queries = new float[layers.Count][][][];
        var keys = new float[layers.Count][][][];
        using var inference = new InferenceScope(model.Module);
        using var scope = NewDisposeScope();
        try
        {
            for (var i = 0; i < layers.Count; i++)
            {
                var layer = i;
                // q, k: (B, h, T, hs); copied out at once, the first (only) sequence.
                layers[i].QueryKeyObserver = (q, k) => (queries[layer], keys[layer]) = (Scoring.Rows(q[0]), Scoring.Rows(k[0]));
            }
            var weights = Scoring.PerHead(forwardWithWeights(Scoring.ToTensor(ids, model)));   // L × (1, h, T, T)
            if (weights.Length != layers.Count || queries.Any(q => q is null))
                throw new InvalidOperationException($"The forward pass gave {weights.Length} attention maps for {layers.Count} attention layers.");
            return new QueryKeyVectors(new AttentionMaps(tokens, weights, model.IsCausal, types), queries, keys);
        }
        finally
        {
            foreach (var layer in layers) layer.QueryKeyObserver = null;
        }
    }
}
