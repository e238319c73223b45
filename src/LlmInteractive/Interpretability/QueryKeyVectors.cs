using LlmInteractive.Models;

namespace LlmInteractive.Interpretability;

/// <summary>
/// Every head's query and key vectors for one sequence, beside the attention weights the model computed from them:
/// <c>Queries[layer][head][token]</c> and <c>Keys[layer][head][token]</c> are head-size vectors, and
/// weight(q → k) = softmax over the visible keys of q·k/√d. <see cref="QueryKeyCapture"/> fills it.
/// </summary>
public sealed record QueryKeyVectors(AttentionMaps Attention, float[][][][] Queries, float[][][][] Keys)
{
    public IReadOnlyList<string> Tokens => Attention.Tokens;
    public int Layers => Queries.Length;
    public int Heads => Queries.Length == 0 ? 0 : Queries[0].Length;

    /// <summary>d, the width of one head's query and key.</summary>
    public int HeadSize => Queries.Length == 0 ? 0 : Queries[0][0][0].Length;

    /// <summary>The factor 1/√d that keeps q·k near unit variance as d grows (Vaswani et al. 2017).</summary>
    public double Scale => 1.0 / Math.Sqrt(HeadSize);

    /// <summary>Whether <paramref name="query"/> may attend to <paramref name="key"/> (a causal model sees no future).</summary>
    public bool Visible(int query, int key) => !Attention.Causal || key <= query;

    /// <summary>q·k/√d for each key of <paramref name="query"/>; NaN where the key is masked.</summary>
    public double[] ScaledScores(int layer, int head, int query)
    {
        var q = Queries[layer][head][query];
        return Enumerable.Range(0, Tokens.Count)
            .Select(key => Visible(query, key) ? Dot(q, Keys[layer][head][key]) * Scale : double.NaN).ToArray();
    }

    /// <summary>The softmax of <see cref="ScaledScores"/> over the visible keys (0 at masked ones): the attention weights.</summary>
    public double[] Softmax(int layer, int head, int query)
    {
        var scores = ScaledScores(layer, head, query);
        var max = scores.Where(s => !double.IsNaN(s)).Max();
        var exp = scores.Select(s => double.IsNaN(s) ? 0 : Math.Exp(s - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    internal static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }
}
