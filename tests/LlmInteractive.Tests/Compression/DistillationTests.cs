using LlmInteractive.Compression;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Compression;

public sealed class DistillationTests
{
    static (Tensor Student, Tensor Teacher, Tensor Targets) Logits(int seed)
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator((ulong)seed);
        var student = randn([3, 5, 11], generator: generator) * 2;
        var teacher = randn([3, 5, 11], generator: generator) * 2;
        var targets = randint(11, [3, 5], generator: generator);
        return (student, teacher, targets);
    }

    [Fact]
    public void At_temperature_one_with_only_soft_targets_it_is_the_cross_entropy_to_the_teachers_distribution()
    {
        using var scope = NewDisposeScope();
        var (student, teacher, _) = Logits(1);
        var loss = DistillationLoss.Compute(student, teacher, null, temperature: 1, softWeight: 1).item<float>();

        // Written out by hand: −Σ_v p(v) ln q(v), averaged over the 15 positions.
        var p = teacher.softmax(-1).reshape(-1, 11).to(ScalarType.Float64).data<double>().ToArray();
        var logQ = student.log_softmax(-1).reshape(-1, 11).to(ScalarType.Float64).data<double>().ToArray();
        var expected = -Enumerable.Range(0, p.Length).Sum(i => p[i] * logQ[i]) / 15;
        Assert.Equal(expected, loss, 5);
        // Hard labels alone: ordinary cross-entropy. A one-hot teacher: the same.
        var (_, _, targets) = Logits(1);
        var hard = nn.functional.cross_entropy(student.reshape(-1, 11), targets.reshape(-1)).item<float>();
        Assert.Equal(hard, DistillationLoss.Compute(student, teacher, targets, 3, softWeight: 0).item<float>(), 5);
        var oneHot = nn.functional.one_hot(targets, 11).to(ScalarType.Float32) * 1000;
        Assert.Equal(hard, DistillationLoss.Compute(student, oneHot, null, 1, 1).item<float>(), 4);
    }

    [Fact]
    public void The_mixture_weights_its_two_terms_and_the_T_squared_factor_keeps_gradients_comparable_across_temperatures()
    {
        using var scope = NewDisposeScope();
        var (student, teacher, targets) = Logits(2);
        var soft = DistillationLoss.Compute(student, teacher, null, 4, 1).item<float>();
        var hard = DistillationLoss.Compute(student, teacher, targets, 4, 0).item<float>();
        Assert.Equal(0.3 * soft + 0.7 * hard, DistillationLoss.Compute(student, teacher, targets, 4, 0.3).item<float>(), 4);

        double GradientNorm(double temperature)
        {
            var s = student.detach().clone().requires_grad_(true);
            DistillationLoss.Compute(s, teacher, null, temperature, 1).backward();
            return s.grad!.norm().item<float>();
        }
        // Without T² the soft gradient would fall as 1/T (by 4× from T = 10 to 40); with it, it barely moves.
        Assert.InRange(GradientNorm(40) / GradientNorm(10), 0.9, 1.1);
    }

    [Fact]
    public void Invalid_arguments_say_what_to_give()
    {
        using var scope = NewDisposeScope();
        var (student, teacher, targets) = Logits(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationLoss.Compute(student, teacher, targets, 0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationLoss.Compute(student, teacher, targets, 2, 1.5));
        Assert.Throws<ArgumentNullException>(() => DistillationLoss.Compute(student, teacher, null, 2, 0.5));
        Assert.Throws<ArgumentException>(() => DistillationLoss.Compute(student, teacher[.., ..2], targets, 2, 1));
    }
}
