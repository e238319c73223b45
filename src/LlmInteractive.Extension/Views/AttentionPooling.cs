namespace LlmInteractive.Views;

/// <summary>
/// Downsamples a tokens × tokens attention matrix into blocks (mean of the visible weights in each block), so that
/// long sequences and many heads stay within a fixed drawing and size budget.
/// </summary>
public static class AttentionPooling
{
    /// <summary>Block edge (tokens per block) so that the pooled matrix has at most <paramref name="maxCells"/> per side.</summary>
    public static int BlockSize(int tokens, int maxCells) => Math.Max(1, (tokens + maxCells - 1) / Math.Max(1, maxCells));

    /// <summary>Cells per side after pooling <paramref name="tokens"/> with <paramref name="block"/>.</summary>
    public static int Cells(int tokens, int block) => (tokens + block - 1) / block;

    /// <summary>
    /// Row-major pooled matrix (cells × cells). Blocks entirely in the masked future of a causal model are NaN;
    /// blocks on the diagonal average only their visible (key ≤ query) weights.
    /// </summary>
    public static float[] Pool(float[][] weights, int block, bool causal)
    {
        var tokens = weights.Length;
        var cells = Cells(tokens, block);
        var pooled = new float[cells * cells];
        var sums = new double[cells];
        var counts = new int[cells];
        for (var bi = 0; bi < cells; bi++)
        {
            Array.Clear(sums);
            Array.Clear(counts);
            var qEnd = Math.Min(tokens, (bi + 1) * block);
            for (var q = bi * block; q < qEnd; q++)
            {
                var row = weights[q].AsSpan(0, causal ? q + 1 : tokens);
                // Walk the row one key block at a time: contiguous sums, no per-element division.
                for (int bj = 0, kStart = 0; kStart < row.Length; bj++, kStart += block)
                {
                    var part = row.Slice(kStart, Math.Min(block, row.Length - kStart));
                    double sum = 0;
                    foreach (var w in part) sum += w;
                    sums[bj] += sum;
                    counts[bj] += part.Length;
                }
            }
            for (var bj = 0; bj < cells; bj++)
                pooled[bi * cells + bj] = counts[bj] == 0 ? float.NaN : (float)(sums[bj] / counts[bj]);
        }
        return pooled;
    }
}
