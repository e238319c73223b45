namespace LlmInteractive.Models;

/// <summary>
/// Attention weights of one sequence: <c>Weights[layer][head][query][key]</c>, each query row summing to 1.
/// For causal models keys after the query are masked (weight 0) and shown as such.
/// </summary>
public sealed record AttentionMaps(IReadOnlyList<string> Tokens, float[][][][] Weights, bool Causal)
{
    public int Layers => Weights.Length;
    public int Heads => Weights.Length == 0 ? 0 : Weights[0].Length;
}
