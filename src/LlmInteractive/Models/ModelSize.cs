using TorchSharp;

namespace LlmInteractive.Models;

/// <summary>Parameter counts and the training-FLOPs estimate nanoGPT and Kaplan et al. (2020) use.</summary>
public static class ModelSize
{
    /// <summary>All parameters, trainable or frozen, each tensor once (a tied weight is one tensor).</summary>
    public static long Parameters(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.parameters().Sum(p => p.numel());
    }

    /// <summary>
    /// Training FLOPs per token: 6N for the forward and backward matmuls with the N weights, plus 12·L·T·d for the
    /// attention scores and their weighted sums (QKᵀ and AV, forward and backward) at context T.
    /// </summary>
    /// <param name="matmulParameters">N: parameters that take part in matmuls (position tables excluded, as nanoGPT).</param>
    public static double FlopsPerToken(long matmulParameters, int layers, int contextLength, int embeddingSize) =>
        6.0 * matmulParameters + 12.0 * layers * contextLength * embeddingSize;
}
