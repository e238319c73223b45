using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// An attention module whose heads can be weighted one by one: <see cref="HeadMask"/> (h,) multiplies each head's
/// output before the heads are re-assembled, so 0 removes a head (zero ablation, Michel et al. 2019) and null leaves
/// the computation untouched. Interpretability.HeadAblation sets and restores it on any module that has one.
/// </summary>
public interface IHasHeadMask
{
    int Heads { get; }
    Tensor? HeadMask { get; set; }
}
