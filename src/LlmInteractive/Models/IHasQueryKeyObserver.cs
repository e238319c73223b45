using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// An attention module that hands its per-head queries and keys, as projected and before they are scaled and
/// multiplied, to an observer: <see cref="QueryKeyObserver"/> receives q and k, each (B, h, T, hs). Null, the default,
/// costs nothing. Interpretability.QueryKeyCapture sets and clears it to show attention as arithmetic.
/// </summary>
public interface IHasQueryKeyObserver
{
    int Heads { get; }
    Action<Tensor, Tensor>? QueryKeyObserver { get; set; }
}
