using LlmInteractive.Models;
using LlmInteractive.Runtime;
using LlmInteractive.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Evaluation;

/// <summary>
/// What a model thinks of a given text: the probability of each token given the ones before it, and the attention
/// it paid. The basis of notebook 01 (the chain rule) and 02 (attention).
/// </summary>
public static class Scoring
{
    /// <summary>
    /// Teacher-forced scoring in one forward pass: the first token is context (nothing to condition on), each later
    /// token x_t gets P(x_t | x_&lt;t) from the logits at position t-1, with the <paramref name="topK"/> most likely alternatives.
    /// </summary>
    public static TokenProbabilities Score(ILanguageModel model, ITokenizer tokenizer, string text, int topK = 5)
    {
        var ids = EncodeForScoring(model, tokenizer, text, topK);
        using var inference = new InferenceScope(model.Module);
        using var scope = NewDisposeScope();
        var input = ToTensor(ids, model);                                             // (1, T)
        // Row t of the logits predicts token t+1; the last row predicts past the text and is not needed.
        var probabilities = softmax(model.Logits(input)[0, TensorIndex.Slice(0, -1)].to(ScalarType.Float64), -1); // (T-1, V)
        var scored = ScoreRows(probabilities, ids.Skip(1).ToList(), tokenizer, topK);
        return new TokenProbabilities([tokenizer.TokenText(ids[0])], scored, Generated: false);
    }

    /// <summary>
    /// The same conditionals as <see cref="Score"/>, computed the slow way: one forward pass per prefix x_&lt;t,
    /// reading only its last position. Equal results show the causal mask lets one pass compute every P(x_t | x_&lt;t).
    /// </summary>
    public static TokenProbabilities StepByStep(ILanguageModel model, ITokenizer tokenizer, string text, int topK = 5)
    {
        var ids = EncodeForScoring(model, tokenizer, text, topK);
        using var inference = new InferenceScope(model.Module);
        var scored = new List<ScoredToken>();
        for (var t = 1; t < ids.Count; t++)
        {
            using var scope = NewDisposeScope();
            var prefix = ToTensor(ids.Take(t).ToList(), model);                       // (1, t)
            var last = softmax(model.Logits(prefix)[0, -1].to(ScalarType.Float64), -1).unsqueeze(0); // (1, V)
            scored.AddRange(ScoreRows(last, [ids[t]], tokenizer, topK));
        }
        return new TokenProbabilities([tokenizer.TokenText(ids[0])], scored, Generated: false);
    }

    /// <summary>Attention weights of every layer and head for <paramref name="text"/>, as plain arrays for views.</summary>
    public static AttentionMaps Attention(ILanguageModel model, ITokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var ids = Encode(model, tokenizer, text);
        using var inference = new InferenceScope(model.Module);
        using var scope = NewDisposeScope();
        var input = ToTensor(ids, model);                                             // (1, T)
        // An encoder without a language-model head (a pretrained sentence encoder) gives its attention alone.
        var attention = model is IAttentionSource source
            ? source.AttentionWeights(input)
            : model.LogitsWithAttention(input).Attention;                             // L × (1, nh, T, T)
        return new AttentionMaps(ids.Select(tokenizer.TokenText).ToList(), PerHead(attention), model.IsCausal);
    }

    /// <summary>
    /// Attention of a BERT on a sentence pair, [CLS] first [SEP] second [SEP], run with its token types (0, then 1)
    /// as the model was trained on pairs; the maps carry the token types so views show the two sentences apart.
    /// </summary>
    public static AttentionMaps Attention(PretrainedBert model, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (ids, types) = model.Tokenizer.EncodePair(first, second);
        using var inference = new InferenceScope(model.Module);
        using var scope = NewDisposeScope();
        var input = ToTensor(ids, model);                                             // (1, T)
        var typeIds = tensor(types.Select(t => (long)t).ToArray(), device: input.device).unsqueeze(0); // (1, T)
        using var output = model.Encode(input, tokenTypes: typeIds, attentions: true);
        return new AttentionMaps(ids.Select(model.Tokenizer.TokenText).ToList(), PerHead(output.Attentions), Causal: false, types);
    }

    /// <summary>Weights[layer][head][query][key] of the first sequence of each layer's (B, nh, T, T) weights.</summary>
    internal static float[][][][] PerHead(IEnumerable<Tensor> attention) => attention.Select(layer => Rows(layer[0])).ToArray();

    /// <summary>A (n, T, d) tensor as n × T rows of d floats.</summary>
    internal static float[][][] Rows(Tensor values)
    {
        using var cpu = values.to(ScalarType.Float32).cpu().contiguous();
        var flat = cpu.data<float>().ToArray();
        var (n, rows, width) = ((int)cpu.shape[0], (int)cpu.shape[1], (int)cpu.shape[2]);
        return Enumerable.Range(0, n).Select(h =>
            Enumerable.Range(0, rows).Select(r => flat.AsSpan((h * rows + r) * width, width).ToArray()).ToArray()).ToArray();
    }

    internal static Tensor ToTensor(IReadOnlyList<int> ids, ILanguageModel model) =>
        tensor(ids.Select(id => (long)id).ToArray(), device: Devices.Of(model.Module)).unsqueeze(0);

    /// <summary>
    /// For each row of <paramref name="probabilities"/> (N, V): the probability of the chosen token and the
    /// <paramref name="topK"/> most likely tokens. Only N·(k+1) numbers leave the device, not N·V.
    /// </summary>
    internal static List<ScoredToken> ScoreRows(Tensor probabilities, IReadOnlyList<int> chosen, ITokenizer tokenizer, int topK)
    {
        var rows = chosen.Count;
        if (rows == 0) return []; // a one-token text: nothing to score (and TorchSharp cannot read empty tensors)
        using var scope = NewDisposeScope();
        var ids = tensor(chosen.Select(id => (long)id).ToArray(), device: probabilities.device).unsqueeze(1);  // (N, 1)
        var chosenColumn = probabilities.gather(1, ids);                                                     // (N, 1)
        var chosenProbabilities = chosenColumn.cpu().data<double>().ToArray();                                // (N)
        // Rank 1 + the number of tokens strictly more likely (ties share the better rank).
        var ranks = (probabilities.gt(chosenColumn).sum(1) + 1).cpu().data<long>().ToArray();                // (N)
        var k = (int)Math.Min(topK, probabilities.shape[1]);
        var (topValues, topIds) = k > 0
            ? probabilities.topk(k, dim: -1)                                                                 // (N, k) each
            : (empty(rows, 0, ScalarType.Float64), empty(rows, 0, ScalarType.Int64));
        // TorchSharp cannot read an empty tensor: with k = 0 there are no alternatives to read.
        var values = k > 0 ? topValues.cpu().data<double>().ToArray() : [];
        var alternativeIds = k > 0 ? topIds.cpu().data<long>().ToArray() : [];
        return Enumerable.Range(0, rows).Select(row => new ScoredToken(
                chosen[row], tokenizer.TokenText(chosen[row]), chosenProbabilities[row],
                Enumerable.Range(row * k, k)
                    .Select(i => new TokenAlternative((int)alternativeIds[i], tokenizer.TokenText((int)alternativeIds[i]), values[i]))
                    .ToList(),
                (int)ranks[row]))
            .ToList();
    }

    static List<int> EncodeForScoring(ILanguageModel model, ITokenizer tokenizer, string text, int topK)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (!model.IsCausal)
            throw new NotSupportedException(
                "Scoring P(x_t | x_<t) needs a left-to-right (causal) model such as Gpt or LstmLanguageModel; a masked " +
                "language model like Bert sees both sides. Use Scoring.Attention for Bert, or score with a causal model.");
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        return Encode(model, tokenizer, text);
    }

    internal static List<int> Encode(ILanguageModel model, ITokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = tokenizer.Encode(text).ToList();
        if (ids.Count == 0)
            throw new ArgumentException("The text encodes to no tokens; give at least one character.", nameof(text));
        if (tokenizer.VocabSize > model.VocabularySize)
            throw new ArgumentException(
                $"Tokenizer '{tokenizer.Name}' has {tokenizer.VocabSize} ids but the model's vocabulary has {model.VocabularySize}. " +
                "Use the tokenizer the model was trained with.", nameof(tokenizer));
        if (ids.Count > model.ContextLength)
            throw new ArgumentException(
                $"The text is {ids.Count} tokens, longer than the model's ContextLength {model.ContextLength}. " +
                "Score a shorter text, or split it.", nameof(text));
        return ids;
    }
}
