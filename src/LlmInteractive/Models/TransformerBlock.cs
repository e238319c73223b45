using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Pre-LayerNorm transformer block: x + attn(ln(x)), then x + mlp(ln(x)). Normalising before each sublayer keeps the
/// residual stream an unnormalised sum, which trains stably without warm-up tricks (GPT-2, nanoGPT).
/// </summary>
public sealed class TransformerBlock : nn.Module
{
    readonly LayerNorm ln_1;
    readonly MultiHeadAttention attn;
    readonly LayerNorm ln_2;
    readonly Mlp mlp;

    public TransformerBlock(int embeddingSize, int heads, double dropout, bool bias, bool causal, int layers)
        : base(nameof(TransformerBlock))
    {
        ln_1 = nn.LayerNorm(embeddingSize, bias: bias);
        attn = new MultiHeadAttention(embeddingSize, heads, dropout, bias, causal, layers);
        ln_2 = nn.LayerNorm(embeddingSize, bias: bias);
        mlp = new Mlp(embeddingSize, dropout, bias, layers);
        RegisterComponents();
    }

    /// <summary>The <paramref name="layers"/> blocks of a GPT (causal) or BERT (bidirectional) trunk.</summary>
    public static ModuleList<TransformerBlock> Stack(int layers, int embeddingSize, int heads, double dropout, bool bias, bool causal) =>
        new([.. Enumerable.Range(0, layers).Select(_ => new TransformerBlock(embeddingSize, heads, dropout, bias, causal, layers))]);

    /// <param name="x">(B, T, C).</param>
    /// <param name="keyPadding">Optional (B, T) bool, true at real tokens.</param>
    /// <param name="returnWeights">Also return this block's attention weights (B, nh, T, T).</param>
    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor? keyPadding, bool returnWeights)
    {
        var (attended, weights) = attn.forward(ln_1.forward(x), keyPadding, returnWeights);
        x = x + attended;                 // (B, T, C)
        x = x + mlp.forward(ln_2.forward(x)); // (B, T, C)
        return (x, weights);
    }
}
