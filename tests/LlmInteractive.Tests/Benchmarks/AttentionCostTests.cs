using LlmInteractive.Benchmarks;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Benchmarks;

public sealed class AttentionCostTests
{
    [Fact]
    public void The_explicit_formula_equals_the_fused_kernel()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var (q, k, v) = (randn(1, 2, 33, 8), randn(1, 2, 33, 8), randn(1, 2, 33, 8));
        Assert.True((AttentionCost.Explicit(q, k, v) - AttentionCost.Fused(q, k, v)).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void The_log_log_slope_recovers_a_power_law_exponent()
    {
        double[] x = [1, 2, 4, 8, 16];
        Assert.Equal(2.0, AttentionCost.LogLogSlope(x, x.Select(t => 3 * t * t).ToArray()), 1e-9);
        Assert.Equal(1.0, AttentionCost.LogLogSlope(x, x.Select(t => 0.5 * t).ToArray()), 1e-9);
    }

    [Fact]
    public void Peak_memory_sees_a_tensor_allocated_during_the_action()
    {
        if (!PeakResidentMemory.IsAvailable) return;   // the reading exists on Linux only
        TorchRuntime.EnsureLoaded();
        var bytes = PeakResidentMemory.BytesDuring(() =>
        {
            using var t = ones(16 * 1024 * 1024, dtype: ScalarType.Float32);   // 64 MiB, touched by the fill
        });
        Assert.InRange(bytes, 60L * 1024 * 1024, 200L * 1024 * 1024);

        // After larger blocks were allocated and freed, a smaller allocation in their place is still seen.
        for (var i = 0; i < 2; i++) using (ones(2 * 1024 * 1024, dtype: ScalarType.Float32)) { }
        var reused = PeakResidentMemory.BytesDuring(() =>
        {
            using var t = ones(1536 * 1024, dtype: ScalarType.Float32);        // 6 MiB
        });
        Assert.InRange(reused, 5L * 1024 * 1024, 40L * 1024 * 1024);
    }
}
