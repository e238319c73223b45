using LlmInteractive.Tokenizers;

namespace LlmInteractive.Checkpoints;

/// <summary>What a checkpoint holds besides the tensors.</summary>
/// <param name="Step">Optimizer steps completed when it was saved.</param>
/// <param name="Config">The model configuration record, rebuilt as its saved type (null when none was saved or the type is not loaded).</param>
/// <param name="ConfigType">Full name of the configuration's type, as saved.</param>
/// <param name="Tokenizer">The tokenizer, when one was saved and <see cref="TokenizerStore"/> knows its kind.</param>
/// <param name="TokenizerName">The saved tokenizer's <see cref="ITokenizer.Name"/>, even when it cannot be rebuilt.</param>
/// <param name="ParameterShapes">Shape of every tensor in the model's state, by name.</param>
/// <param name="HasOptimizerState">True when optimizer moments were saved (training can resume exactly).</param>
public sealed record CheckpointInfo(
    int Step,
    object? Config,
    string? ConfigType,
    ITokenizer? Tokenizer,
    string? TokenizerName,
    IReadOnlyDictionary<string, long[]> ParameterShapes,
    bool HasOptimizerState,
    DateTimeOffset Saved);
