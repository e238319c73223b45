using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>The position-wise feed-forward net of a transformer block: C → 4C → GELU → C, then dropout.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // Typed as plain modules so LoRA can swap a LoraLinear in (see FineTuning.Lora).
    nn.Module<Tensor, Tensor> c_fc;
    nn.Module<Tensor, Tensor> c_proj;
    readonly nn.Module<Tensor, Tensor> dropout;

    public Mlp(int embeddingSize, double dropout, bool bias, int layers) : base(nameof(Mlp))
    {
        var fc = nn.Linear(embeddingSize, 4 * embeddingSize, hasBias: bias);
        var proj = nn.Linear(4 * embeddingSize, embeddingSize, hasBias: bias);
        Initialization.Normal(fc);
        Initialization.ResidualProjection(proj, layers);
        c_fc = fc;
        c_proj = proj;
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, T, C) → (B, T, C)
    {
        var hidden = nn.functional.gelu(c_fc.forward(x)); // (B, T, 4C)
        return dropout.forward(c_proj.forward(hidden));    // (B, T, C)
    }
}
