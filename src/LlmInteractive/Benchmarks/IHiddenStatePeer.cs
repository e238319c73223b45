namespace LlmInteractive.Benchmarks;

/// <summary>
/// Another implementation of the same pretrained encoder (ONNX Runtime running its export), given a batch as flat
/// row-major (B·T) int64 arrays: what <see cref="MiniLmBenchmark"/> times beside the lab's TorchSharp forward.
/// </summary>
public interface IHiddenStatePeer : IDisposable
{
    string Name { get; }

    /// <summary>last_hidden_state, flat (B·T·C).</summary>
    float[] LastHiddenState(long[] ids, long[] attentionMask, long[] tokenTypes, int batch, int length);
}
