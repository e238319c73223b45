using LlmInteractive.Data;
using LlmInteractive.Models;
using LlmInteractive.Training;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// A <see cref="TrainingTask"/> that trains a student language model on a teacher's next-token distributions
/// (<see cref="DistillationLoss"/>), for the lab's <see cref="Trainer"/>. The teacher runs in evaluation mode without
/// gradients; validation is the student's plain cross-entropy on the hard labels, the number to compare students by.
/// </summary>
public static class DistillationTask
{
    public static TrainingTask NextToken(ILanguageModel student, ILanguageModel teacher, TokenBatches training,
        TokenBatches? validation, double temperature, double softWeight)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(training);
        if (student.VocabularySize != teacher.VocabularySize)
            throw new ArgumentException($"The student predicts {student.VocabularySize} tokens, the teacher {teacher.VocabularySize}; they must share a vocabulary.", nameof(teacher));
        if (training.ContextLength > Math.Min(student.ContextLength, teacher.ContextLength))
            throw new ArgumentException($"Windows of {training.ContextLength} tokens do not fit both models' contexts.", nameof(training));
        teacher.Module.eval();

        Tensor SoftLoss((Tensor Inputs, Tensor Targets) batch)
        {
            using var scope = NewDisposeScope();
            Tensor teacherLogits;
            using (no_grad()) teacherLogits = teacher.Logits(batch.Inputs);             // (B, T, V)
            var studentLogits = student.Logits(batch.Inputs);                           // (B, T, V)
            return DistillationLoss.Compute(studentLogits, teacherLogits, batch.Targets, temperature, softWeight).MoveToOuterDisposeScope();
        }

        Tensor HardLoss((Tensor Inputs, Tensor Targets) batch)
        {
            using var scope = NewDisposeScope();
            var logits = student.Logits(batch.Inputs);
            return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), batch.Targets.reshape(-1)).MoveToOuterDisposeScope();
        }

        return new TrainingTask(i => SoftLoss(training.Random(i)), training.TokensPerBatch,
            validation is null ? null : i => HardLoss(validation.Sequential(i)));
    }
}
