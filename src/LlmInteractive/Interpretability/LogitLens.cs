using LlmInteractive.Models;
using static TorchSharp.torch;

namespace LlmInteractive.Interpretability;

/// <summary>
/// The logit lens (nostalgebraist 2020): decode the residual stream after every block with the model's own final
/// LayerNorm and unembedding, to see at which depth the next-token prediction takes shape. Row 0 reads the embeddings
/// alone (a bigram-like guess from the current token); the last row is the model's output.
/// </summary>
public static class LogitLens
{
    /// <summary>Log-probabilities (L + 1, B, T, V) of the next token after the embeddings and after each block.</summary>
    public static Tensor LogProbabilities(Gpt model, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var layers = model.ResidualStream(ids).Select(r => model.Unembed(r).log_softmax(-1)).ToArray();
        return stack(layers).MoveToOuterDisposeScope();
    }

    /// <summary>Mean cross-entropy of the next token (nats) read off after the embeddings and after each block.</summary>
    public static IReadOnlyList<double> LossByLayer(Gpt model, Tensor ids, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logProbs = LogProbabilities(model, ids);                                            // (L + 1, B, T, V)
        var picked = logProbs.gather(-1, targets.unsqueeze(0).unsqueeze(-1).expand(logProbs.shape[0], -1, -1, 1));   // (L + 1, B, T, 1)
        return (-picked).mean([1, 2, 3]).to(float64).cpu().data<double>().ToArray();
    }
}
