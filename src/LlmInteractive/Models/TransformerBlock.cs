using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Pre-LayerNorm transformer block: x + attn(ln(x)), then x + mlp(ln(x)). Normalising before each sublayer keeps the
/// residual stream an unnormalised sum, which trains stably without warm-up tricks (GPT-2, nanoGPT).
/// Without the MLP (<c>mlp: false</c>) the block is attention-only, the model family of Elhage et al. (2021), whose
/// circuits can be read off the attention heads alone.
/// </summary>
public sealed class TransformerBlock : nn.Module
{
    readonly LayerNorm ln_1;
    readonly MultiHeadAttention attn;
    readonly LayerNorm? ln_2;
    readonly Mlp? mlp;
    // Optional Houlsby adapters (FineTuning.Adapters) on each sublayer's output, before the residual addition.
    nn.Module<Tensor, Tensor>? attn_adapter;
    nn.Module<Tensor, Tensor>? mlp_adapter;

    public TransformerBlock(int embeddingSize, int heads, double dropout, bool bias, bool causal, int layers, bool mlp = true,
        PositionEncodingKind positions = PositionEncodingKind.Learned)
        : base(nameof(TransformerBlock))
    {
        EmbeddingSize = embeddingSize;
        ln_1 = nn.LayerNorm(embeddingSize, bias: bias);
        attn = new MultiHeadAttention(embeddingSize, heads, dropout, bias, causal, layers, positions);
        if (mlp)
        {
            ln_2 = nn.LayerNorm(embeddingSize, bias: bias);
            this.mlp = new Mlp(embeddingSize, dropout, bias, layers);
        }
        RegisterComponents();
    }

    public int EmbeddingSize { get; }

    /// <summary>False for an attention-only block.</summary>
    public bool HasMlp => mlp is not null;

    /// <summary>The <paramref name="layers"/> blocks of a GPT (causal) or BERT (bidirectional) trunk; <paramref name="positions"/>
    /// matters to the attention only for RoPE and ALiBi.</summary>
    public static ModuleList<TransformerBlock> Stack(int layers, int embeddingSize, int heads, double dropout, bool bias, bool causal, bool mlp = true,
        PositionEncodingKind positions = PositionEncodingKind.Learned) =>
        new([.. Enumerable.Range(0, layers).Select(_ => new TransformerBlock(embeddingSize, heads, dropout, bias, causal, layers, mlp, positions))]);

    /// <param name="x">(B, T, C).</param>
    /// <param name="keyPadding">Optional (B, T) bool, true at real tokens.</param>
    /// <param name="returnWeights">Also return this block's attention weights (B, nh, T, T).</param>
    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor? keyPadding, bool returnWeights)
    {
        var (attended, weights) = attn.forward(ln_1.forward(x), keyPadding, returnWeights);
        if (attn_adapter is not null) attended = attn_adapter.forward(attended);
        x = x + attended;                 // (B, T, C)
        if (mlp is null) return (x, weights);
        var transformed = mlp.forward(ln_2!.forward(x));
        if (mlp_adapter is not null) transformed = mlp_adapter.forward(transformed);
        x = x + transformed;              // (B, T, C)
        return (x, weights);
    }

    /// <summary>Puts a bottleneck adapter after the attention and after the MLP, where there is one (see FineTuning.Adapters).</summary>
    /// <returns>The number of adapters inserted: 2, or 1 in an attention-only block.</returns>
    public int InsertAdapters(int bottleneck)
    {
        if (attn_adapter is not null) throw new InvalidOperationException("This block already has adapters.");
        var device = ln_1.weight!.device;
        attn_adapter = new FineTuning.BottleneckAdapter(EmbeddingSize, bottleneck);
        attn_adapter.to(device);
        register_module(nameof(attn_adapter), attn_adapter);
        if (mlp is null) return 1;
        mlp_adapter = new FineTuning.BottleneckAdapter(EmbeddingSize, bottleneck);
        mlp_adapter.to(device);
        register_module(nameof(mlp_adapter), mlp_adapter);
        return 2;
    }
}
