using static TorchSharp.torch;

namespace LlmInteractive.Evaluation;

/// <summary>
/// The perturbation of Khandelwal et al. (2018): keep the last <c>distance</c> tokens of each window in order and shuffle
/// every token before them. The far context keeps its words (its unigram content) but loses their order, so the loss
/// it costs at the window's end measures how much the model relies on the order of tokens that far back.
/// </summary>
public static class ContextShuffle
{
    /// <summary>A copy of <paramref name="ids"/> (B, T) with positions 0 … T − distance − 1 permuted within each row.</summary>
    public static Tensor ShuffleBeyond(Tensor ids, int distance, Random random)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(random);
        if (ids.dim() != 2) throw new ArgumentException($"Expected ids of shape (batch, sequence); got rank {ids.dim()}.", nameof(ids));
        var (rows, length) = ((int)ids.shape[0], (int)ids.shape[1]);
        if (distance < 0 || distance > length)
            throw new ArgumentOutOfRangeException(nameof(distance), distance, $"The intact distance must be between 0 and the window length {length}.");
        var farLength = length - distance;
        var order = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            var far = Enumerable.Range(0, farLength).ToArray();
            random.Shuffle(far);
            for (var t = 0; t < length; t++) order[r * length + t] = t < farLength ? far[t] : t;
        }
        using var index = tensor(order, device: ids.device).view(rows, length);
        return ids.gather(1, index);
    }
}
