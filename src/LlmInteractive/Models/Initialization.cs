using TorchSharp;
using TorchSharp.Modules;

namespace LlmInteractive.Models;

/// <summary>
/// GPT-2's initialisation as nanoGPT does it: weights N(0, 0.02), biases zero, and the projections that write into the
/// residual stream scaled by 1/√(2L) so the stream's variance does not grow with depth.
/// </summary>
internal static class Initialization
{
    public const double Std = 0.02;

    public static void Normal(Linear linear, double std = Std)
    {
        torch.nn.init.normal_(linear.weight, 0.0, std);
        if (linear.bias is not null) torch.nn.init.zeros_(linear.bias);
    }

    public static void Normal(Embedding embedding) => torch.nn.init.normal_(embedding.weight!, 0.0, Std);

    /// <summary>Two residual writes per block (attention and MLP), hence 2L.</summary>
    public static void ResidualProjection(Linear linear, int layers) => Normal(linear, Std / Math.Sqrt(2.0 * layers));
}
