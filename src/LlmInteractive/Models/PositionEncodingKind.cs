namespace LlmInteractive.Models;

/// <summary>How a transformer tells positions apart.</summary>
public enum PositionEncodingKind
{
    /// <summary>A trained table, one vector per position (GPT-2, BERT).</summary>
    Learned,

    /// <summary>Fixed sines and cosines of geometrically spaced frequencies (Vaswani et al. 2017); nothing to train.</summary>
    Sinusoidal,
}
