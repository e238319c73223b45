using LlmInteractive.Cli.Peers;
using LlmInteractive.Models;
using LlmInteractive.Tokenizers;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>
/// The pretrained MiniLM loaded once for all its tests (about a second and 200 MB), with ONNX Runtime running the
/// package's own export on one thread as the reference.
/// </summary>
public sealed class MiniLmFixture : IDisposable
{
    public PretrainedBert Model { get; } = global::LlmInteractive.Models.Pretrained.MiniLM();

    public OnnxRuntimeMiniLm Reference { get; } = new(MiniLmPackage.Read().Model, threads: 1);

    /// <summary>last_hidden_state (B, T, C) of both implementations for one batch, as flat arrays.</summary>
    public (float[] Ours, float[] Theirs, float[] OurPooled, float[] TheirPooled) BothOutputs(WordPieceBatch batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var hidden = Model.HiddenStates(batch.Ids, batch.AttentionMask, batch.TokenTypes);
        var pooled = Model.Encoder.Pool(hidden);
        var (rows, length) = ((int)batch.Ids.shape[0], (int)batch.Ids.shape[1]);
        var (theirs, theirPooled) = Reference.Run(
            batch.Ids.data<long>().ToArray(), batch.AttentionMask.data<long>().ToArray(), batch.TokenTypes.data<long>().ToArray(), rows, length);
        return (hidden.data<float>().ToArray(), theirs, pooled.data<float>().ToArray(), theirPooled);
    }

    public void Dispose()
    {
        Reference.Dispose();
        Model.Encoder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "pretrained MiniLM";
}
