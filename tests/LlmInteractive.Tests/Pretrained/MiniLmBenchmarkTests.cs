using LlmInteractive.Benchmarks;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>The bench section times both sides on one batch and compares their outputs (a tiny run, not a measurement).</summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmBenchmarkTests(MiniLmFixture fixture)
{
    [Fact]
    public void Both_sides_run_the_same_batch_and_agree()
    {
        var result = MiniLmBenchmark.Run(fixture.Model, new CountingPeer(fixture.Reference), threads: 1, texts: 2, runs: 3);

        Assert.Equal(2, result.Texts);
        Assert.InRange(result.MaxAbsDifference, 0, 1e-4); // the peer is ONNX Runtime on the package's export
        Assert.True(result.TorchMilliseconds > 0 && result.PeerMilliseconds > 0 && result.SpeedRatio > 0);
        Assert.Contains("ONNX Runtime", result.ToString());
    }

    sealed class CountingPeer(IHiddenStatePeer inner) : IHiddenStatePeer
    {
        public string Name => inner.Name;
        public float[] LastHiddenState(long[] ids, long[] attentionMask, long[] tokenTypes, int batch, int length)
        {
            Assert.Equal(batch * length, ids.Length);
            return inner.LastHiddenState(ids, attentionMask, tokenTypes, batch, length);
        }
        public void Dispose() { } // the fixture owns the session
    }
}
