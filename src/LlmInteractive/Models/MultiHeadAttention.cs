using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// Multi-head self-attention, causal (GPT) or bidirectional (BERT), with an optional key-padding mask.
/// The normal path calls the fused <c>scaled_dot_product_attention</c>; when the weights are asked for it computes
/// softmax(QKᵀ/√d_k) explicitly — the same algebra, written out so it can be read and shown.
/// Positions that live inside attention are applied here: RoPE rotates the queries and keys, ALiBi adds its distance
/// bias to the scores (as a float mask of the fused kernel); learned and sinusoidal positions are added before.
/// </summary>
public sealed class MultiHeadAttention : nn.Module, IHasHeadMask, IHasQueryKeyObserver
{
    // Q, K and V for all heads in one matmul, as nanoGPT's c_attn. Plain module types so LoRA can replace them.
    nn.Module<Tensor, Tensor> c_attn;
    nn.Module<Tensor, Tensor> c_proj;
    readonly nn.Module<Tensor, Tensor> attn_dropout;
    readonly nn.Module<Tensor, Tensor> resid_dropout;
    readonly int heads;
    readonly int embeddingSize;
    readonly double dropout;

    public MultiHeadAttention(int embeddingSize, int heads, double dropout, bool bias, bool causal, int layers,
        PositionEncodingKind positions = PositionEncodingKind.Learned)
        : base(nameof(MultiHeadAttention))
    {
        if (heads <= 0 || embeddingSize % heads != 0)
            throw new ArgumentException(
                $"EmbeddingSize {embeddingSize} must be a positive multiple of Heads {heads} (each head gets EmbeddingSize/Heads dimensions). " +
                "Choose sizes such as EmbeddingSize 64 with Heads 4.");
        if (positions == PositionEncodingKind.Rope && embeddingSize / heads % 2 != 0)
            throw new ArgumentException(
                $"Rotary positions need an even head size, but EmbeddingSize {embeddingSize} / Heads {heads} = {embeddingSize / heads}. " +
                "Choose sizes such as EmbeddingSize 64 with Heads 4.");
        if (positions == PositionEncodingKind.Alibi && !causal)
            throw new ArgumentException("ALiBi's bias here is the causal (decoder) one; use Learned or Sinusoidal positions for a bidirectional encoder.");
        var attn = nn.Linear(embeddingSize, 3 * embeddingSize, hasBias: bias);
        var proj = nn.Linear(embeddingSize, embeddingSize, hasBias: bias);
        Initialization.Normal(attn);
        Initialization.ResidualProjection(proj, layers);
        c_attn = attn;
        c_proj = proj;
        attn_dropout = nn.Dropout(dropout);
        resid_dropout = nn.Dropout(dropout);
        this.heads = heads;
        this.embeddingSize = embeddingSize;
        this.dropout = dropout;
        IsCausal = causal;
        Positions = positions;
        RegisterComponents();
    }

    public bool IsCausal { get; }

    /// <summary>The model's position kind; only <see cref="PositionEncodingKind.Rope"/> and <see cref="PositionEncodingKind.Alibi"/> act here.</summary>
    public PositionEncodingKind Positions { get; }

    /// <summary>Heads in this layer.</summary>
    public int Heads => heads;

    /// <summary>
    /// Optional (nh) weights on each head's output before the heads are re-assembled: 0 removes a head (zero
    /// ablation, Michel et al. 2019), 1 keeps it. Null, the default, leaves the computation untouched.
    /// <see cref="Interpretability.HeadAblation"/> sets and restores it.
    /// </summary>
    public Tensor? HeadMask { get; set; }

    /// <summary>
    /// Optional edit of the per-head outputs (B, nh, T, hs), after <see cref="HeadMask"/> and before the heads are
    /// re-assembled: it receives them and returns the tensor to continue with. <see cref="Interpretability.HeadPatch"/>
    /// reads and replaces one head's output here (activation patching of a head).
    /// </summary>
    public Func<Tensor, Tensor>? HeadOutputEdit { get; set; }

    /// <inheritdoc cref="IHasQueryKeyObserver.QueryKeyObserver"/>
    public Action<Tensor, Tensor>? QueryKeyObserver { get; set; }

    /// <param name="x">(B, T, C) input.</param>
    /// <param name="keyPadding">Optional (B, T) bool: true where the key is a real token, false for padding.</param>
    /// <param name="returnWeights">Compute and return the attention weights (B, nh, T, T) explicitly.</param>
    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor? keyPadding, bool returnWeights)
    {
        var (B, T, C) = (x.shape[0], x.shape[1], x.shape[2]);
        var headSize = embeddingSize / heads;

        var qkv = c_attn.forward(x).split(embeddingSize, dim: 2);               // 3 × (B, T, C)
        var q = qkv[0].view(B, T, heads, headSize).transpose(1, 2);             // (B, nh, T, hs)
        var k = qkv[1].view(B, T, heads, headSize).transpose(1, 2);             // (B, nh, T, hs)
        var v = qkv[2].view(B, T, heads, headSize).transpose(1, 2);             // (B, nh, T, hs)
        if (Positions == PositionEncodingKind.Rope)
        {
            var positions = arange(T, dtype: ScalarType.Int64, device: x.device);
            q = RotaryPositionEncoding.Rotate(q, positions);                      // (B, nh, T, hs)
            k = RotaryPositionEncoding.Rotate(k, positions);
        }
        // The queries and keys the scores are made of (rotated under RoPE; ALiBi's bias is added to the scores later).
        QueryKeyObserver?.Invoke(q, k);

        var allowed = AllowedKeys(T, keyPadding, x.device);                    // (1|B, 1, T, T) bool, or null
        // ALiBi: −m_h·(i − j) on allowed scores, −∞ elsewhere (it contains the causal mask).
        var distanceBias = Positions == PositionEncodingKind.Alibi ? AlibiBias.CausalBias(heads, T, x.device, q.dtype) : null;
        if (distanceBias is not null && allowed is not null)
            distanceBias = distanceBias.masked_fill(allowed.logical_not(), double.NegativeInfinity);  // (1|B, nh, T, T)
        Tensor y;
        Tensor? weights = null;
        if (!returnWeights)
        {
            var p = training ? dropout : 0.0;
            y = distanceBias is not null
                ? nn.functional.scaled_dot_product_attention(q, k, v, distanceBias, p)
                : allowed is null && IsCausal
                ? nn.functional.scaled_dot_product_attention(q, k, v, p: p, is_casual: true)
                : nn.functional.scaled_dot_product_attention(q, k, v, allowed, p);  // (B, nh, T, hs)
        }
        else
        {
            var scores = q.matmul(k.transpose(-2, -1)) * (1.0 / Math.Sqrt(headSize)); // (B, nh, T, T)
            if (distanceBias is not null)
                scores = scores + distanceBias;
            else if (allowed is not null || IsCausal)
                scores = scores.masked_fill((allowed ?? CausalMask(T, x.device)).logical_not(), double.NegativeInfinity);
            weights = nn.functional.softmax(scores, dim: -1);                     // (B, nh, T, T), rows sum to 1
            y = attn_dropout.forward(weights).matmul(v);                           // (B, nh, T, hs)
        }

        if (HeadMask is { } mask) y = y * mask.to(y.dtype).to(y.device).view(1, heads, 1, 1);   // (B, nh, T, hs)
        if (HeadOutputEdit is { } edit) y = edit(y);                               // (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C);                          // re-assemble heads: (B, T, C)
        return (resid_dropout.forward(c_proj.forward(y)), weights);
    }

    /// <summary>Which (query, key) pairs may attend: the causal triangle and/or the real (non-padding) keys.</summary>
    Tensor? AllowedKeys(long T, Tensor? keyPadding, Device device)
    {
        if (keyPadding is null) return null; // the fused kernel applies causality itself
        var keys = keyPadding.to(ScalarType.Bool).view(keyPadding.shape[0], 1, 1, T); // (B, 1, 1, T)
        return IsCausal ? keys.logical_and(CausalMask(T, device)) : keys.expand(-1, 1, T, T);
    }

    static Tensor CausalMask(long T, Device device) =>
        ones(T, T, ScalarType.Bool, device).tril().view(1, 1, T, T);                // (1, 1, T, T)
}
