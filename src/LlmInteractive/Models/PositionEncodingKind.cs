namespace LlmInteractive.Models;

/// <summary>How a transformer tells positions apart.</summary>
public enum PositionEncodingKind
{
    /// <summary>A trained table, one vector per position (GPT-2, BERT).</summary>
    Learned,

    /// <summary>Fixed sines and cosines of geometrically spaced frequencies (Vaswani et al. 2017); nothing to train.</summary>
    Sinusoidal,

    /// <summary>
    /// Rotary positions (RoPE, Su et al. 2021): each head's queries and keys are rotated by an angle proportional to
    /// their position, so q·k depends on the offset between them only; nothing is added to the embeddings. GPT only.
    /// </summary>
    Rope,

    /// <summary>
    /// Attention with linear biases (ALiBi, Press et al. 2022): each head subtracts slope × distance from its attention
    /// scores, with geometric slopes per head; no position embedding at all. GPT only.
    /// </summary>
    Alibi,
}
