using static TorchSharp.torch;

namespace LlmInteractive.Evaluation;

/// <summary>
/// Evaluation mode without gradients for the duration of a using block, then back to the module's previous mode:
/// scoring a text in the middle of a training run must not leave dropout switched off.
/// </summary>
internal sealed class InferenceScope : IDisposable
{
    readonly nn.Module module;
    readonly bool wasTraining;
    readonly IDisposable noGrad;

    public InferenceScope(nn.Module module)
    {
        this.module = module;
        wasTraining = module.training;
        module.eval();
        noGrad = no_grad();
    }

    public void Dispose()
    {
        noGrad.Dispose();
        if (wasTraining) module.train();
    }
}
