using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// Copies of weights about to be changed in place, put back by <see cref="Restore"/>: what makes quantizing or pruning
/// a trained model a scope that leaves it as it was.
/// </summary>
sealed class WeightBackup
{
    readonly List<(Parameter Parameter, Tensor Original)> originals = [];

    /// <summary>Keeps a copy of <paramref name="parameter"/>'s current values.</summary>
    public void Save(Parameter parameter) => originals.Add((parameter, parameter.detach().clone().DetachFromDisposeScope()));

    /// <summary>Writes every saved copy back into its parameter and frees the copies.</summary>
    public void Restore()
    {
        using var _ = no_grad();
        foreach (var (parameter, original) in originals)
        {
            parameter.copy_(original);
            original.Dispose();
        }
        originals.Clear();
    }
}
