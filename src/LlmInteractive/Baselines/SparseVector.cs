namespace LlmInteractive.Baselines;

/// <summary>A feature vector as parallel arrays of indices and values (zeros left out); dense vectors list every index.</summary>
public sealed record SparseVector(int[] Indices, double[] Values)
{
    public static SparseVector Dense(IReadOnlyList<float> values) =>
        new([.. Enumerable.Range(0, values.Count)], [.. values.Select(v => (double)v)]);

    public double Dot(double[] weights)
    {
        double sum = 0;
        for (int k = 0; k < Indices.Length; k++) sum += weights[Indices[k]] * Values[k];
        return sum;
    }
}
