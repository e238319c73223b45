using LlmInteractive.Evaluation;
using LlmInteractive.Models;
using LlmInteractive.Runtime;
using LlmInteractive.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Generation;

/// <summary>
/// Autoregressive generation: feed the text so far, turn the last position's logits into a distribution, draw a token,
/// append it, repeat. Each token comes back with the probability it had and the alternatives it beat.
/// </summary>
public static class TextGenerator
{
    /// <param name="onToken">Called with each token as soon as it is chosen (for live display).</param>
    /// <param name="cancellationToken">Stops generation; when it cannot be cancelled, <see cref="AmbientCancellation.Current"/> (a kernel's running cell) is used.</param>
    /// <returns>The prompt tokens as context and the generated tokens (Generated = true).</returns>
    /// <exception cref="OperationCanceledException">The token or a kernel interrupt stopped generation.</exception>
    public static TokenProbabilities Generate(
        ILanguageModel model, ITokenizer tokenizer, string prompt, GenerationOptions? options = null,
        Action<ScoredToken>? onToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);
        options ??= new GenerationOptions();
        options.Validate();
        if (!model.IsCausal)
            throw new NotSupportedException(
                "Generation needs a left-to-right (causal) model such as Gpt or LstmLanguageModel; a masked language model " +
                "like Bert predicts blanks, not the next token.");
        if (tokenizer.VocabSize > model.VocabularySize)
            throw new ArgumentException(
                $"Tokenizer '{tokenizer.Name}' has {tokenizer.VocabSize} ids but the model's vocabulary has {model.VocabularySize}. " +
                "Use the tokenizer the model was trained with.", nameof(tokenizer));
        var ids = tokenizer.Encode(prompt).ToList();
        if (ids.Count == 0)
            throw new ArgumentException("The prompt encodes to no tokens; give at least one character to continue from.", nameof(prompt));

        var cancel = AmbientCancellation.Or(cancellationToken);
        // Draw on the CPU from the (V) distribution: the same seed gives the same text on any device.
        using var generator = new torch.Generator((ulong)(options.Seed ?? Random.Shared.Next()));
        var context = ids.Select(tokenizer.TokenText).ToList();
        var generated = new List<ScoredToken>();

        using var inference = new InferenceScope(model.Module);
        for (var step = 0; step < options.MaxTokens; step++)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            // Crop to the last ContextLength tokens: the model cannot see further back.
            var window = ids.Skip(Math.Max(0, ids.Count - model.ContextLength)).ToList();
            var logits = model.Logits(Scoring.ToTensor(window, model))[0, -1]                 // (V)
                .to(ScalarType.Float64).cpu();
            var distribution = SamplingDistribution.From(logits, options);                   // (V)
            var next = options.Temperature == 0
                ? (int)distribution.argmax().item<long>()
                : (int)distribution.multinomial(1, generator: generator).item<long>();

            var token = Scoring.ScoreRows(distribution.unsqueeze(0), [next], tokenizer, options.Alternatives)[0];
            ids.Add(next);
            generated.Add(token);
            onToken?.Invoke(token);
        }
        return new TokenProbabilities(context, generated, Generated: true);
    }
}
