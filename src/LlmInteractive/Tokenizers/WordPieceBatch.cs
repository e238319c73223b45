using static TorchSharp.torch;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// Texts (or text pairs) as a BERT model reads them, padded to the longest: ids, attention mask (1 at real tokens,
/// 0 at [PAD]) and token types (0 first text, 1 second), each (B, T) int64 as Hugging Face's tokenizers return them.
/// </summary>
/// <param name="Truncated">The texts cut to fit, by batch row, each with its length before the cut (empty when none).</param>
public sealed record WordPieceBatch(Tensor Ids, Tensor AttentionMask, Tensor TokenTypes, IReadOnlyList<TruncatedText> Truncated) : IDisposable
{
    public void Dispose()
    {
        Ids.Dispose();
        AttentionMask.Dispose();
        TokenTypes.Dispose();
    }
}

/// <summary>A text that was cut to the model's length: its row in the batch and how many tokens it had, specials included.</summary>
public sealed record TruncatedText(int Row, int OriginalLength, int KeptLength);
