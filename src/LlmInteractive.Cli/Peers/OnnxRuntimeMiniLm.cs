using LlmInteractive.Benchmarks;
using Microsoft.ML.OnnxRuntime;

namespace LlmInteractive.Cli.Peers;

/// <summary>
/// The pretrained MiniLM's own ONNX export run by ONNX Runtime (CPU): the reference the lab's TorchSharp port is
/// checked against (tests) and timed beside (<c>bench</c>). Lives here, not in the lab, so the lab needs no ONNX Runtime.
/// </summary>
public sealed class OnnxRuntimeMiniLm : IHiddenStatePeer
{
    readonly InferenceSession session;

    /// <param name="model">The ONNX file's bytes (MiniLmPackage.Read().Model).</param>
    /// <param name="threads">Intra-op threads; the same number the TorchSharp side uses.</param>
    public OnnxRuntimeMiniLm(byte[] model, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(model, options);
    }

    public string Name => $"ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version?.ToString(3)}";

    public float[] LastHiddenState(long[] ids, long[] attentionMask, long[] tokenTypes, int batch, int length) =>
        Run(ids, attentionMask, tokenTypes, batch, length).LastHiddenState;

    /// <summary>Both outputs of the export: last_hidden_state (B·T·C) and the pooler's tanh(dense(h_[CLS])) (B·C).</summary>
    public (float[] LastHiddenState, float[] PoolerOutput) Run(long[] ids, long[] attentionMask, long[] tokenTypes, int batch, int length)
    {
        long[] shape = [batch, length];
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var typeValue = OrtValue.CreateTensorValueFromMemory(tokenTypes, shape);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = idValue,
            ["attention_mask"] = maskValue,
            ["token_type_ids"] = typeValue,
        };
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, session.OutputNames);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public void Dispose() => session.Dispose();
}
