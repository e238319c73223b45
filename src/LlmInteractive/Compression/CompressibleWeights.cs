using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>One weight matrix that compression may change, with the module path it was found under.</summary>
public sealed record CompressibleWeight(string Name, Parameter Parameter, bool IsEmbedding);

/// <summary>
/// The matrices compression works on in any lab model: every Linear's weight and, optionally, every Embedding's table
/// (a GPT's tied token table is also its unembedding, so it counts once). Biases and LayerNorm parameters stay float32:
/// they are a few percent of a model and quantizing them saves almost nothing.
/// </summary>
public static class CompressibleWeights
{
    public static IReadOnlyList<CompressibleWeight> Find(nn.Module model, bool includeEmbeddings)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = new List<CompressibleWeight>();
        var seen = new HashSet<IntPtr>();
        foreach (var (name, module) in model.named_modules())
        {
            var (weight, embedding) = module switch
            {
                Linear linear => (linear.weight, false),
                Embedding table when includeEmbeddings => (table.weight, true),
                _ => (null, false),
            };
            if (weight is not null && seen.Add(weight.Handle)) found.Add(new CompressibleWeight($"{name}.weight", weight, embedding));
        }
        if (found.Count == 0)
            throw new ArgumentException($"{model.GetType().Name} has no Linear{(includeEmbeddings ? " or Embedding" : "")} weights to compress.", nameof(model));
        return found;
    }

    /// <summary>Bytes of every parameter of the model at float32 (each tensor once).</summary>
    public static long Float32Bytes(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Sum(p => p.numel()) * 4;
    }
}
