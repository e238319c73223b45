namespace LlmInteractive.Models;

/// <summary>Shape checks shared by the model configs; each message names the config, the field and a fix.</summary>
internal static class ConfigChecks
{
    public static void Transformer(string config, int vocabularySize, int contextLength, int layers, int heads, int embeddingSize, double dropout)
    {
        Require(config, vocabularySize > 0, $"VocabularySize must be positive (got {vocabularySize}); use the tokenizer's VocabSize.");
        Require(config, contextLength > 0, $"ContextLength must be positive (got {contextLength}).");
        Require(config, layers > 0, $"Layers must be positive (got {layers}).");
        Require(config, heads > 0 && embeddingSize > 0 && embeddingSize % heads == 0,
            $"EmbeddingSize {embeddingSize} must be a positive multiple of Heads {heads}; e.g. EmbeddingSize 64 with Heads 4.");
        Require(config, dropout is >= 0 and < 1, $"Dropout must be in [0, 1) (got {dropout}).");
    }

    public static void SinusoidAmplitude(string config, double amplitude) =>
        Require(config, amplitude > 0 && double.IsFinite(amplitude),
            $"SinusoidAmplitude must be positive and finite (got {amplitude}); {SinusoidalPositionEncoding.DefaultAmplitude} suits the lab's N(0, 0.02) token embeddings.");

    public static void Require(string config, bool condition, string message)
    {
        if (!condition) throw new ArgumentException($"Invalid {config}: {message}");
    }
}
