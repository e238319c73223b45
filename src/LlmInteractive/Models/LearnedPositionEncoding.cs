using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>A trained vector per position: positions (T) → (T, C). nanoGPT's <c>wpe</c>.</summary>
public sealed class LearnedPositionEncoding : nn.Module<Tensor, Tensor>
{
    readonly Embedding table;

    public LearnedPositionEncoding(int contextLength, int embeddingSize) : base(nameof(LearnedPositionEncoding))
    {
        table = nn.Embedding(contextLength, embeddingSize);
        nn.init.normal_(table.weight!, 0.0, 0.02);
        RegisterComponents();
    }

    /// <summary>Number of trained values (they cost no matmul FLOPs, so FLOP estimates leave them out).</summary>
    public long ParameterCount => table.weight!.numel();

    public override Tensor forward(Tensor positions) => table.forward(positions); // (T, C)
}
