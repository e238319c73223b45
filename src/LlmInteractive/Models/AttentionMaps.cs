namespace LlmInteractive.Models;

/// <summary>
/// Attention weights of one sequence: <c>Weights[layer][head][query][key]</c>, each query row summing to 1.
/// For causal models keys after the query are masked (weight 0) and shown as such. <paramref name="TokenTypes"/>, when
/// given, are BERT's segment ids (0 for the first text of a pair, 1 for the second), so views can show the two apart.
/// </summary>
public sealed record AttentionMaps(IReadOnlyList<string> Tokens, float[][][][] Weights, bool Causal, IReadOnlyList<int>? TokenTypes = null)
{
    public int Layers => Weights.Length;
    public int Heads => Weights.Length == 0 ? 0 : Weights[0].Length;
}
