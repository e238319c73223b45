using static TorchSharp.torch;

namespace LlmInteractive.Tests.Training;

static class TensorAssertions
{
    /// <summary>Same shape and every element equal (TorchSharp's Tensor.equal is element-wise).</summary>
    public static bool SameAs(this Tensor actual, Tensor expected) =>
        actual.shape.SequenceEqual(expected.shape) && actual.eq(expected).all().item<bool>();
}
