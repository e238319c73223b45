using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// One post-LayerNorm encoder layer in Hugging Face's BertLayer layout (Devlin et al. 2019): x = LN(x + attn(x)),
/// then x = LN(x + W₂·GELU(W₁x)). Normalising after each residual sum is the original BERT's order (the lab's own
/// <see cref="TransformerBlock"/> normalises before). Submodule names are the state-dict names:
/// <c>attention.self.query</c>, <c>attention.output.dense</c>, <c>attention.output.LayerNorm</c>,
/// <c>intermediate.dense</c>, <c>output.dense</c>, <c>output.LayerNorm</c>.
/// </summary>
public sealed class BertLayer : nn.Module
{
    readonly BertAttention attention;
    readonly BertIntermediate intermediate;
    readonly BertResidualOutput output;

    public BertLayer(PostLayerNormBertConfig config) : base(nameof(BertLayer))
    {
        ArgumentNullException.ThrowIfNull(config);
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new BertResidualOutput(config.IntermediateSize, config);
        RegisterComponents();
    }

    /// <param name="x">(B, T, C).</param>
    /// <param name="allowedKeys">(B, 1, 1, T) bool, true at real tokens; null when nothing is padding.</param>
    /// <param name="returnWeights">Also return the attention weights (B, h, T, T).</param>
    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor? allowedKeys, bool returnWeights)
    {
        var (attended, weights) = attention.forward(x, allowedKeys, returnWeights);  // (B, T, C), post-LN
        return (output.forward(intermediate.forward(attended), attended), weights);   // (B, T, C), post-LN
    }
}

/// <summary>Self-attention and its output sublayer: LN(x + dense(attn(x))). Hugging Face's BertAttention.</summary>
public sealed class BertAttention : nn.Module
{
    readonly BertSelfAttention @self; // "attention.self", the Hugging Face name
    readonly BertResidualOutput output;

    public BertAttention(PostLayerNormBertConfig config) : base(nameof(BertAttention))
    {
        @self = new BertSelfAttention(config);
        output = new BertResidualOutput(config.HiddenSize, config);
        RegisterComponents();
    }

    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor? allowedKeys, bool returnWeights)
    {
        var (context, weights) = @self.forward(x, allowedKeys, returnWeights); // (B, T, C)
        return (output.forward(context, x), weights);
    }
}

/// <summary>
/// Multi-head scaled dot-product attention with separate query, key and value projections (Hugging Face's
/// BertSelfAttention). The normal path calls the fused kernel; asked for the weights, it computes
/// softmax(QKᵀ/√d_k) explicitly so they can be shown.
/// </summary>
public sealed class BertSelfAttention : nn.Module, IHasHeadMask, IHasQueryKeyObserver
{
    // Plain module types so LoRA can wrap them (FineTuning.Lora), e.g. name => name.EndsWith("attention.self.query").
    nn.Module<Tensor, Tensor> query;
    nn.Module<Tensor, Tensor> key;
    nn.Module<Tensor, Tensor> value;
    readonly nn.Module<Tensor, Tensor> dropout;
    readonly int heads;
    readonly double dropoutProbability;

    public BertSelfAttention(PostLayerNormBertConfig config) : base(nameof(BertSelfAttention))
    {
        query = Dense(config.HiddenSize, config.HiddenSize);
        key = Dense(config.HiddenSize, config.HiddenSize);
        value = Dense(config.HiddenSize, config.HiddenSize);
        dropout = nn.Dropout(config.Dropout);
        heads = config.Heads;
        dropoutProbability = config.Dropout;
        RegisterComponents();
    }

    public int Heads => heads;

    /// <inheritdoc cref="IHasHeadMask.HeadMask"/>
    public Tensor? HeadMask { get; set; }

    /// <inheritdoc cref="IHasQueryKeyObserver.QueryKeyObserver"/>
    public Action<Tensor, Tensor>? QueryKeyObserver { get; set; }

    internal static Linear Dense(int inputs, int outputs)
    {
        var linear = nn.Linear(inputs, outputs);
        Initialization.Normal(linear);
        return linear;
    }

    public (Tensor Context, Tensor? Weights) forward(Tensor x, Tensor? allowedKeys, bool returnWeights)
    {
        var (B, T, C) = (x.shape[0], x.shape[1], x.shape[2]);
        var headSize = C / heads;
        var q = query.forward(x).view(B, T, heads, headSize).transpose(1, 2);    // (B, h, T, hs)
        var k = key.forward(x).view(B, T, heads, headSize).transpose(1, 2);      // (B, h, T, hs)
        var v = value.forward(x).view(B, T, heads, headSize).transpose(1, 2);    // (B, h, T, hs)
        QueryKeyObserver?.Invoke(q, k);

        Tensor y;
        Tensor? weights = null;
        if (!returnWeights)
        {
            y = nn.functional.scaled_dot_product_attention(q, k, v, allowedKeys, training ? dropoutProbability : 0.0); // (B, h, T, hs)
        }
        else
        {
            var scores = q.matmul(k.transpose(-2, -1)) * (1.0 / Math.Sqrt(headSize)); // (B, h, T, T)
            if (allowedKeys is not null) scores = scores.masked_fill(allowedKeys.logical_not(), double.NegativeInfinity);
            weights = nn.functional.softmax(scores, dim: -1);                         // rows sum to 1
            y = dropout.forward(weights).matmul(v);                                    // (B, h, T, hs)
        }
        if (HeadMask is { } mask) y = y * mask.to(y.dtype).to(y.device).view(1, heads, 1, 1);   // (B, h, T, hs)
        return (y.transpose(1, 2).contiguous().view(B, T, C), weights);                // heads re-assembled: (B, T, C)
    }
}

/// <summary>GELU(dense(x)): the widening half of the feed-forward net (Hugging Face's BertIntermediate).</summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    nn.Module<Tensor, Tensor> dense;

    public BertIntermediate(PostLayerNormBertConfig config) : base(nameof(BertIntermediate))
    {
        dense = BertSelfAttention.Dense(config.HiddenSize, config.IntermediateSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => nn.functional.gelu(dense.forward(x)); // exact (erf) GELU, as BERT's "gelu"
}

/// <summary>
/// LN(residual + dropout(dense(x))): the projection back to the hidden size, the residual sum and the LayerNorm after
/// it. Hugging Face's BertSelfOutput (after attention) and BertOutput (after the feed-forward net) are this.
/// </summary>
public sealed class BertResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    nn.Module<Tensor, Tensor> dense;
    readonly LayerNorm LayerNorm; // capitalised as the Hugging Face parameter name
    readonly nn.Module<Tensor, Tensor> dropout;

    public BertResidualOutput(int inputs, PostLayerNormBertConfig config) : base(nameof(BertResidualOutput))
    {
        dense = BertSelfAttention.Dense(inputs, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEpsilon);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <param name="x">(B, T, inputs).</param>
    /// <param name="residual">(B, T, C): the sublayer's input.</param>
    public override Tensor forward(Tensor x, Tensor residual) => LayerNorm.forward(dropout.forward(dense.forward(x)) + residual);
}
