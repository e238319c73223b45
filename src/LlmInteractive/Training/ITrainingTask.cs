using static TorchSharp.torch;

namespace LlmInteractive.Training;

/// <summary>
/// What is being learned, apart from how: the trainer calls these for losses, so one trainer serves next-token
/// pre-training, masked-LM pre-training and classification fine-tuning.
/// </summary>
public interface ITrainingTask
{
    /// <summary>
    /// Scalar loss of one training micro-batch, with the graph attached. <paramref name="microBatch"/> is
    /// step × AccumulationSteps + k, so a task that derives its batch from the index replays exactly after a resume.
    /// Called inside the trainer's dispose scope: the tensors it creates are freed after the step.
    /// </summary>
    Tensor TrainingLoss(long microBatch);

    /// <summary>True when <see cref="ValidationLoss"/> can be called.</summary>
    bool HasValidation { get; }

    /// <summary>Scalar loss of validation batch <paramref name="index"/> (called under no_grad, model in eval mode).</summary>
    Tensor ValidationLoss(int index);

    /// <summary>Tokens (or examples, for classification) in one micro-batch, for throughput figures.</summary>
    long TokensPerMicroBatch { get; }
}
