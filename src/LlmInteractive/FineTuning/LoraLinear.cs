using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.FineTuning;

/// <summary>
/// Low-rank adaptation of a Linear layer (Hu et al. 2021): y = W x + (α/r)·B A x with W frozen, A (r, in) random and
/// B (out, r) zero, so the adapted layer starts exactly equal to the base and training moves only r·(in+out) numbers.
/// <see cref="Merge"/> folds B A into W for inference at the base layer's speed; <see cref="Unmerge"/> takes it out again.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    readonly Linear base_layer;
    readonly Parameter lora_A;
    readonly Parameter lora_B;
    readonly double scaling;

    public LoraLinear(Linear baseLayer, int rank, double alpha) : base(nameof(LoraLinear))
    {
        ArgumentNullException.ThrowIfNull(baseLayer);
        if (rank <= 0) throw new ArgumentOutOfRangeException(nameof(rank), $"LoRA rank must be positive (got {rank}); 4 to 16 is typical.");
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), $"LoRA alpha must be positive (got {alpha}); alpha = 2·rank is a common choice.");
        var (outFeatures, inFeatures) = (baseLayer.weight.shape[0], baseLayer.weight.shape[1]);
        if (rank > Math.Min(inFeatures, outFeatures))
            throw new ArgumentOutOfRangeException(nameof(rank), $"LoRA rank {rank} exceeds the layer's smaller side {Math.Min(inFeatures, outFeatures)}: it would not be low-rank.");

        base_layer = baseLayer;
        foreach (var parameter in baseLayer.parameters()) parameter.requires_grad = false;
        var device = baseLayer.weight.device;
        var dtype = baseLayer.weight.dtype;
        // A as a Linear's default (Kaiming uniform), B zero: the product B A is zero at the start.
        lora_A = nn.Parameter(empty(rank, inFeatures, dtype, device));
        nn.init.kaiming_uniform_(lora_A, a: Math.Sqrt(5));
        lora_B = nn.Parameter(zeros(outFeatures, rank, dtype, device));
        Rank = rank;
        Alpha = alpha;
        scaling = alpha / rank;
        RegisterComponents();
    }

    public Linear Base => base_layer;
    public int Rank { get; }
    public double Alpha { get; }
    public bool IsMerged { get; private set; }

    /// <summary>Trainable adapter numbers: r·(in + out).</summary>
    public long AdapterParameterCount => lora_A.numel() + lora_B.numel();

    public override Tensor forward(Tensor x)                                             // (..., in) → (..., out)
    {
        if (IsMerged) return base_layer.forward(x);
        using var scope = NewDisposeScope();
        var update = x.matmul(lora_A.t()).matmul(lora_B.t()) * scaling;                  // (..., r) → (..., out)
        return (base_layer.forward(x) + update).MoveToOuterDisposeScope();
    }

    /// <summary>W ← W + (α/r)·B A. Afterwards the layer costs what the base costs; training the adapter needs <see cref="Unmerge"/> first.</summary>
    public void Merge()
    {
        if (IsMerged) throw new InvalidOperationException("This LoRA adapter is already merged; call Unmerge first.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        base_layer.weight.add_(lora_B.matmul(lora_A) * scaling);
        IsMerged = true;
    }

    /// <summary>W ← W − (α/r)·B A: restores the base weights (to rounding) and the separate adapter path.</summary>
    public void Unmerge()
    {
        if (!IsMerged) throw new InvalidOperationException("This LoRA adapter is not merged; there is nothing to unmerge.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        base_layer.weight.sub_(lora_B.matmul(lora_A) * scaling);
        IsMerged = false;
    }
}
