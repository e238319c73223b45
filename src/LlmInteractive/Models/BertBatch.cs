using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>Padded token ids (B, T) int64 and their attention mask (B, T) bool, true at real tokens.</summary>
public sealed record BertBatch(Tensor Ids, Tensor AttentionMask) : IDisposable
{
    public void Dispose()
    {
        Ids.Dispose();
        AttentionMask.Dispose();
    }
}
