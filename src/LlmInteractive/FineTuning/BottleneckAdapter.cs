using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.FineTuning;

/// <summary>
/// Houlsby et al. (2019) adapter: x + up(GELU(down(x))) with a bottleneck of m ≪ d units. The up projection starts at
/// zero, so an inserted adapter is the identity and training starts from the pretrained model exactly; it trains
/// 2·d·m + d + m numbers per insertion.
/// </summary>
public sealed class BottleneckAdapter : nn.Module<Tensor, Tensor>
{
    readonly Linear down;
    readonly Linear up;

    public BottleneckAdapter(int embeddingSize, int bottleneck) : base(nameof(BottleneckAdapter))
    {
        if (bottleneck <= 0 || bottleneck > embeddingSize)
            throw new ArgumentOutOfRangeException(nameof(bottleneck), $"The bottleneck must be 1..{embeddingSize} units (got {bottleneck}).");
        down = nn.Linear(embeddingSize, bottleneck);
        up = nn.Linear(bottleneck, embeddingSize);
        using (no_grad())
        {
            up.weight.zero_();
            up.bias!.zero_();
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)                   // (..., d) → (..., d)
    {
        using var scope = NewDisposeScope();
        return (x + up.forward(nn.functional.gelu(down.forward(x)))).MoveToOuterDisposeScope();
    }
}
