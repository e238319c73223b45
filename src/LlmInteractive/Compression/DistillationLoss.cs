using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Compression;

/// <summary>
/// Knowledge distillation's objective (Hinton, Vinyals and Dean 2015):
/// L = w · T² · H(softmax(z_t / T), softmax(z_s / T)) + (1 − w) · CE(z_s, y),
/// the cross-entropy of the student's tempered distribution to the teacher's ("soft targets") mixed with the usual
/// loss on the hard labels y. The gradient of the soft term with respect to z_s is T · (q_T − p_T), which shrinks as 1/T
/// for large T; the T² factor keeps it comparable to the hard term whatever T is. (The soft term differs from
/// KL(p_T ‖ q_T) only by the teacher's entropy, a constant for the student.)
/// </summary>
public static class DistillationLoss
{
    /// <param name="studentLogits">(…, V) student logits z_s.</param>
    /// <param name="teacherLogits">(…, V) teacher logits z_t (no gradient flows into them).</param>
    /// <param name="targets">(…) hard labels; may be null when <paramref name="softWeight"/> is 1.</param>
    /// <param name="temperature">T ≥ 1 softens both distributions; T = 1 is the plain softmax.</param>
    /// <param name="softWeight">w in [0, 1]: 1 trains on the soft targets alone, 0 is ordinary training.</param>
    public static Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor? targets, double temperature, double softWeight)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive and finite, e.g. 2.");
        if (softWeight is < 0 or > 1 || double.IsNaN(softWeight))
            throw new ArgumentOutOfRangeException(nameof(softWeight), softWeight, "The soft-target weight must be in [0, 1].");
        if (targets is null && softWeight < 1)
            throw new ArgumentNullException(nameof(targets), "Hard labels are needed unless the soft-target weight is 1.");
        if (!studentLogits.shape.SequenceEqual(teacherLogits.shape))
            throw new ArgumentException($"Student logits ({string.Join("×", studentLogits.shape)}) and teacher logits " +
                                        $"({string.Join("×", teacherLogits.shape)}) must have the same shape.", nameof(teacherLogits));

        using var scope = NewDisposeScope();
        var V = studentLogits.shape[^1];
        var student = studentLogits.reshape(-1, V);                                 // (N, V)
        var teacher = teacherLogits.detach().reshape(-1, V).to(student.dtype);       // (N, V)
        Tensor loss = zeros(1, student.dtype, student.device).squeeze();
        if (softWeight > 0)
        {
            var softTargets = nn.functional.softmax(teacher / temperature, -1);
            var soft = -(softTargets * nn.functional.log_softmax(student / temperature, -1)).sum(-1).mean();
            loss = loss + softWeight * temperature * temperature * soft;
        }
        if (softWeight < 1)
            loss = loss + (1 - softWeight) * nn.functional.cross_entropy(student, targets!.reshape(-1));
        return loss.MoveToOuterDisposeScope();
    }
}
