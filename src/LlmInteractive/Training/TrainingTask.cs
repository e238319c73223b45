using LlmInteractive.Data;
using LlmInteractive.Models;
using MaskedLanguageModeling = LlmInteractive.Data.MaskedLanguageModeling;
using static TorchSharp.torch;

namespace LlmInteractive.Training;

/// <summary>An <see cref="ITrainingTask"/> made of delegates, with factories for the lab's usual objectives.</summary>
public sealed class TrainingTask(
    Func<long, Tensor> trainingLoss, long tokensPerMicroBatch, Func<int, Tensor>? validationLoss = null) : ITrainingTask
{
    readonly Func<long, Tensor> trainingLoss = trainingLoss ?? throw new ArgumentNullException(nameof(trainingLoss));

    public long TokensPerMicroBatch { get; } = tokensPerMicroBatch > 0
        ? tokensPerMicroBatch
        : throw new ArgumentOutOfRangeException(nameof(tokensPerMicroBatch), tokensPerMicroBatch, "Tokens per micro-batch must be positive.");

    public bool HasValidation => validationLoss is not null;

    public Tensor TrainingLoss(long microBatch) => trainingLoss(microBatch);

    public Tensor ValidationLoss(int index) => validationLoss is null
        ? throw new InvalidOperationException("This training task has no validation data; pass validation batches when creating it.")
        : validationLoss(index);

    /// <summary>Next-token prediction (GPT pre-training): cross-entropy of logits at t against the token at t + 1.</summary>
    public static TrainingTask NextToken(ILanguageModel model, TokenBatches training, TokenBatches? validation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        RequireFits(model, training, nameof(training));
        if (validation is not null) RequireFits(model, validation, nameof(validation));

        Tensor Loss((Tensor Inputs, Tensor Targets) batch)
        {
            var logits = model.Logits(batch.Inputs);                          // (B, T, V)
            return nn.functional.cross_entropy(
                logits.view(-1, logits.size(-1)), batch.Targets.view(-1));
        }

        return new TrainingTask(
            index => Loss(training.Random(index)),
            training.TokensPerBatch,
            validation is null ? null : index => Loss(validation.Sequential(index)));
    }

    /// <summary>Masked-LM pre-training (BERT): corrupt 15 % of positions and predict the originals there only.</summary>
    /// <param name="framed">Wrap each window as [CLS] … [SEP] (<see cref="BertVocabulary.Frame"/>), so windows of T tokens
    /// become sequences of T + 2; the special tokens are never selected for prediction.</param>
    public static TrainingTask MaskedLanguageModel(
        ILanguageModel model, MaskingOptions masking, TokenBatches training, TokenBatches? validation = null, int seed = 0,
        bool framed = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(masking);
        ArgumentNullException.ThrowIfNull(training);
        int extra = framed ? 2 : 0;
        RequireFits(model, training, nameof(training), extra);
        if (validation is not null) RequireFits(model, validation, nameof(validation), extra);

        Tensor Loss(Tensor windows, long maskSeed)
        {
            using var scope = NewDisposeScope();
            var ids = framed ? BertVocabulary.Frame(windows) : windows;
            // The masking generator is derived from the batch index so a resumed run masks the same positions.
            using var generator = new Generator(unchecked((ulong)(seed * 1_000_003L + maskSeed)), ids.device);
            var batch = MaskedLanguageModeling.Mask(ids, masking, generator);
            return MaskedLanguageModeling.Loss(model.Logits(batch.Inputs), batch.Labels).MoveToOuterDisposeScope();
        }

        return new TrainingTask(
            index => Loss(training.Random(index).Inputs, index),
            training.TokensPerBatch,
            validation is null ? null : index => Loss(validation.Sequential(index).Inputs, -1 - index));
    }

    static void RequireFits(ILanguageModel model, TokenBatches batches, string name, int extra = 0)
    {
        if (batches.ContextLength + extra > model.ContextLength)
            throw new ArgumentException(
                $"The {name} batches have context length {batches.ContextLength}{(extra > 0 ? $" (+{extra} for [CLS] and [SEP])" : "")} " +
                $"but the model accepts at most {model.ContextLength}; create the batches with a context length of at most " +
                $"{model.ContextLength - extra}.", name);
    }
}
