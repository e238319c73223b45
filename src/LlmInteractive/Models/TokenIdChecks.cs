using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>Checks on the token-id tensors models receive, so a wrong input fails with a message that says what to change.</summary>
public static class TokenIdChecks
{
    /// <summary>Throws unless <paramref name="ids"/> is int64 (B, T) with 1 ≤ T ≤ contextLength and every id in [0, vocabularySize).</summary>
    public static void Check(Tensor ids, int vocabularySize, int contextLength, string modelName)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dtype != ScalarType.Int64)
            throw new ArgumentException(
                $"{modelName} expects token ids of dtype Int64 but got {ids.dtype}. Convert with ids.to(ScalarType.Int64) " +
                "or build them with torch.tensor(long[]).", nameof(ids));
        if (ids.dim() != 2)
            throw new ArgumentException(
                $"{modelName} expects token ids of shape (batch, sequence) but got rank {ids.dim()} [{string.Join(", ", ids.shape)}]. " +
                "Add a batch dimension with ids.unsqueeze(0) for a single sequence.", nameof(ids));
        var length = ids.shape[1];
        if (length == 0)
            throw new ArgumentException($"{modelName} got an empty sequence; give it at least one token.", nameof(ids));
        if (length > contextLength)
            throw new ArgumentException(
                $"Sequence of {length} tokens is longer than the {modelName}'s ContextLength {contextLength}. " +
                $"Crop it to the last {contextLength} tokens, or build a model with a larger ContextLength.", nameof(ids));
        long min, max;
        using (NewDisposeScope())
        {
            // One device-to-host copy for both bounds: on a GPU each read is a synchronisation.
            var bounds = stack([ids.min(), ids.max()]).cpu().data<long>().ToArray();
            (min, max) = (bounds[0], bounds[1]);
        }
        if (min < 0 || max >= vocabularySize)
            throw new ArgumentException(
                $"Token id {(min < 0 ? min : max)} is outside the {modelName}'s vocabulary [0, {vocabularySize}). " +
                "Encode the text with the tokenizer the model was built for, or set VocabularySize to that tokenizer's VocabSize.",
                nameof(ids));
    }
}
