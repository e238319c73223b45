using System.Runtime.Intrinsics.X86;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Training;

// Serial: rewriting MKL's vendor check must not race a matmul on another test thread.
[Collection(SerialTorchState.Name)]
public sealed class MklCpuDispatchTests
{
    [Fact]
    public void Matmul_stays_exact_after_enabling_vector_kernels_and_a_second_call_changes_nothing()
    {
        var first = MklCpuDispatch.UseVectorKernels();
        var second = MklCpuDispatch.UseVectorKernels();

        if (first is MklDispatchOutcome.Enabled or MklDispatchOutcome.AlreadyEnabled)
            Assert.Equal(MklDispatchOutcome.AlreadyEnabled, second);
        else
            Assert.Equal(first, second);
        if (X86Base.IsSupported && !Avx2.IsSupported) Assert.Equal(MklDispatchOutcome.NotNeeded, first);

        // The kernels MKL now picks must compute the same product as plain arithmetic.
        using var generator = new Generator(5);
        var a = randn(new long[] { 67, 129 }, generator: generator);
        var b = randn(new long[] { 129, 33 }, generator: generator);
        var product = mm(a, b).data<float>().ToArray();
        var x = a.data<float>().ToArray();
        var y = b.data<float>().ToArray();
        for (var i = 0; i < 67; i++)
            for (var j = 0; j < 33; j++)
            {
                double sum = 0;
                for (var k = 0; k < 129; k++) sum += (double)x[i * 129 + k] * y[k * 33 + j];
                Assert.True(Math.Abs(sum - product[i * 33 + j]) < 1e-3, $"({i}, {j}): {product[i * 33 + j]} instead of {sum}");
            }
    }

    [Fact]
    public void Loading_libtorch_without_a_launchers_request_leaves_MKL_alone()
    {
        // The test host is no launcher: nothing asked for the patch before the lab loaded libtorch.
        if (MklCpuDispatch.Requested) return;
        Assert.Contains(TorchRuntime.EnsureLoaded().MklDispatch, new[] { MklDispatchOutcome.NotRequested, MklDispatchOutcome.Disabled });
    }

    [Fact]
    public void The_switch_variable_turns_it_off()
    {
        Environment.SetEnvironmentVariable(MklCpuDispatch.SwitchVariable, "0");
        try
        {
            Assert.Equal(MklDispatchOutcome.Disabled, MklCpuDispatch.UseVectorKernels());
        }
        finally
        {
            Environment.SetEnvironmentVariable(MklCpuDispatch.SwitchVariable, null);
        }
    }

    [Fact]
    public void Only_the_exact_bytes_of_the_known_build_are_patched()
    {
        var known = MklCpuDispatch.KnownEntries.Select(e => e.ToArray()).ToList();
        Assert.Equal(MklCpuDispatch.BuildState.Known, MklCpuDispatch.Classify(known));

        // The same instructions with another RIP offset (another build): left alone, although the first 2 bytes agree.
        var otherBuild = known.Select(e => e.ToArray()).ToList();
        otherBuild[1][3] ^= 0x10;
        Assert.Equal(MklCpuDispatch.BuildState.Unknown, MklCpuDispatch.Classify(otherBuild));

        // One entry patched, the other not: not "already enabled", and not the known build either.
        var patched = known.Select(e => e.ToArray()).ToList();
        new byte[] { 0xB8, 1, 0, 0, 0, 0xC3 }.CopyTo(patched[0], 0);
        Assert.Equal(MklCpuDispatch.BuildState.Unknown, MklCpuDispatch.Classify(patched));
        new byte[] { 0xB8, 1, 0, 0, 0, 0xC3 }.CopyTo(patched[1], 0);
        Assert.Equal(MklCpuDispatch.BuildState.Patched, MklCpuDispatch.Classify(patched));
    }

    [Fact]
    public void A_failed_write_restores_the_entries_already_patched()
    {
        var memory = new Dictionary<IntPtr, byte[]> { [1] = MklCpuDispatch.KnownEntries[0].ToArray(), [2] = MklCpuDispatch.KnownEntries[1].ToArray() };
        var originals = memory.Values.Select(v => v.ToArray()).ToList();
        bool FailOnSecond(IntPtr at, byte[] code)
        {
            if (at == 2) return false;
            code.CopyTo(memory[at], 0);
            return true;
        }

        Assert.False(MklCpuDispatch.ApplyAll([1, 2], originals, FailOnSecond));
        Assert.Equal(originals[0], memory[1]);
        Assert.Equal(originals[1], memory[2]);
    }
}
