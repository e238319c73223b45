using LlmInteractive.Training;

namespace LlmInteractive.Tests.Training;

public sealed class LearningRateScheduleTests
{
    static readonly TrainingOptions options = new() { Steps = 110, WarmupSteps = 10, LearningRate = 1e-3, MinLearningRate = 1e-4 };

    [Fact]
    public void Warm_up_rises_linearly_to_the_peak()
    {
        Assert.Equal(1e-3 / 11, LearningRateSchedule.At(0, options), 15);
        Assert.Equal(5e-3 / 11, LearningRateSchedule.At(4, options), 15);
        Assert.Equal(10e-3 / 11, LearningRateSchedule.At(9, options), 15);
        Assert.Equal(1e-3, LearningRateSchedule.At(10, options), 15);
    }

    [Fact]
    public void Cosine_decay_passes_the_midpoint_halfway_and_ends_at_the_minimum()
    {
        Assert.Equal((1e-3 + 1e-4) / 2, LearningRateSchedule.At(60, options), 15);
        Assert.Equal(1e-4 + 0.9e-3 * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), LearningRateSchedule.At(35, options), 15);
        Assert.Equal(1e-4, LearningRateSchedule.At(110, options), 15);
        Assert.Equal(1e-4, LearningRateSchedule.At(500, options), 15);

        var decay = Enumerable.Range(10, 100).Select(s => LearningRateSchedule.At(s, options)).ToArray();
        Assert.True(decay.Zip(decay.Skip(1)).All(p => p.First > p.Second), "the rate must fall at every step after warm-up");
    }

    [Fact]
    public void Without_warm_up_the_first_step_is_at_the_peak()
    {
        Assert.Equal(1e-3, LearningRateSchedule.At(0, options with { WarmupSteps = 0 }), 15);
    }
}
