using System.Numerics.Tensors;

namespace LlmInteractive.Baselines;

/// <summary>A feature vector as parallel arrays of indices and values (zeros left out); dense vectors list every index.</summary>
public sealed record SparseVector(int[] Indices, double[] Values)
{
    // Dense vectors (indices 0, 1, …, n−1) take SIMD paths: a probe on thousands of numbers would spend its time
    // following indices otherwise.
    readonly bool isDense = IsIdentity(Indices);

    public static SparseVector Dense(IReadOnlyList<float> values) =>
        new([.. Enumerable.Range(0, values.Count)], [.. values.Select(v => (double)v)]);

    public double Dot(double[] weights)
    {
        if (isDense) return TensorPrimitives.Dot(Values, weights.AsSpan(0, Values.Length));
        double sum = 0;
        for (int k = 0; k < Indices.Length; k++) sum += weights[Indices[k]] * Values[k];
        return sum;
    }

    /// <summary>target += scale · this.</summary>
    public void AddScaledTo(double[] target, double scale)
    {
        if (isDense)
        {
            var span = target.AsSpan(0, Values.Length);
            TensorPrimitives.MultiplyAdd(Values, scale, span, span);
            return;
        }
        for (int k = 0; k < Indices.Length; k++) target[Indices[k]] += scale * Values[k];
    }

    static bool IsIdentity(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        for (int k = 0; k < indices.Length; k++) if (indices[k] != k) return false;
        return true;
    }
}
