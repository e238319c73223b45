namespace LlmInteractive.Models;

/// <summary>Shape of an <see cref="LstmLanguageModel"/>.</summary>
/// <param name="VocabularySize">Number of token ids (the tokenizer's VocabSize).</param>
/// <param name="ContextLength">Longest sequence accepted (the training window; an LSTM has no built-in limit).</param>
/// <param name="EmbeddingSize">Width of the token embeddings.</param>
/// <param name="HiddenSize">Width of the LSTM state.</param>
/// <param name="Layers">Stacked LSTM layers.</param>
/// <param name="Dropout">Dropout between layers and before the output projection.</param>
public sealed record LstmLanguageModelConfig(
    int VocabularySize,
    int ContextLength = 256,
    int EmbeddingSize = 128,
    int HiddenSize = 256,
    int Layers = 2,
    double Dropout = 0.0)
{
    public void Validate()
    {
        const string name = nameof(LstmLanguageModelConfig);
        ConfigChecks.Require(name, VocabularySize > 0, $"VocabularySize must be positive (got {VocabularySize}); use the tokenizer's VocabSize.");
        ConfigChecks.Require(name, ContextLength > 0, $"ContextLength must be positive (got {ContextLength}).");
        ConfigChecks.Require(name, EmbeddingSize > 0 && HiddenSize > 0, $"EmbeddingSize and HiddenSize must be positive (got {EmbeddingSize}, {HiddenSize}).");
        ConfigChecks.Require(name, Layers > 0, $"Layers must be positive (got {Layers}).");
        ConfigChecks.Require(name, Dropout is >= 0 and < 1, $"Dropout must be in [0, 1) (got {Dropout}).");
    }
}
