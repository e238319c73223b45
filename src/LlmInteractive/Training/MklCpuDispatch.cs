using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace LlmInteractive.Training;

/// <summary>What <see cref="MklCpuDispatch.UseVectorKernels"/> did.</summary>
public enum MklDispatchOutcome
{
    /// <summary>An Intel CPU, or not x64 Linux: MKL already picks its best kernels.</summary>
    NotNeeded,

    /// <summary>MKL's vendor check now passes, so it dispatches on the CPU's real features (AVX2 / AVX-512).</summary>
    Enabled,

    /// <summary>It had already been done in this process.</summary>
    AlreadyEnabled,

    /// <summary>The libtorch build has no statically linked MKL with the expected entry points; nothing was changed.</summary>
    Unavailable,

    /// <summary>Turned off with LLMI_MKL_DISPATCH=0.</summary>
    Disabled,
}

/// <summary>
/// The libtorch that TorchSharp ships links Intel oneMKL statically, and MKL gives non-Intel CPUs its generic SSE
/// kernels whatever they support: on this AMD EPYC (AVX-512) fp32 matmul ran at about a third of its AVX-512 rate.
/// MKL decides with two exported functions that compare the CPUID vendor string with "GenuineIntel"; making them
/// answer yes lets MKL choose kernels from the CPU's actual feature flags, which is all they require.
/// Call it before the first matmul of the process (MKL caches its choice); later calls change nothing.
/// </summary>
public static class MklCpuDispatch
{
    public const string SwitchVariable = "LLMI_MKL_DISPATCH";

    static readonly string[] vendorChecks = ["mkl_serv_intel_cpu_true", "mkl_serv_intel_cpu"];
    static readonly byte[] cachedLoad = [0x8B, 0x05];                    // mov eax, [rip + cached]: the unpatched entry
    static readonly byte[] returnOne = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];   // mov eax, 1; ret
    static readonly Lock gate = new();

    public static MklDispatchOutcome UseVectorKernels()
    {
        if (Environment.GetEnvironmentVariable(SwitchVariable) == "0") return MklDispatchOutcome.Disabled;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !X86Base.IsSupported
            || IsIntel() || !Avx2.IsSupported || !Fma.IsSupported)
            return MklDispatchOutcome.NotNeeded;

        Runtime.TorchRuntime.EnsureLoaded();
        lock (gate)
        {
            if (!NativeLibrary.TryLoad("libtorch_cpu.so", out var library)) return MklDispatchOutcome.Unavailable;
            var entries = new List<IntPtr>();
            foreach (var name in vendorChecks)
            {
                if (!NativeLibrary.TryGetExport(library, name, out var entry)) return MklDispatchOutcome.Unavailable;
                entries.Add(entry);
            }

            var heads = entries.Select(e => Read(e, returnOne.Length)).ToList();
            if (heads.All(h => h.SequenceEqual(returnOne))) return MklDispatchOutcome.AlreadyEnabled;
            // Only rewrite code that looks exactly like the build we inspected; anything else is left alone.
            if (!heads.All(h => h.AsSpan(0, cachedLoad.Length).SequenceEqual(cachedLoad))) return MklDispatchOutcome.Unavailable;

            foreach (var entry in entries)
                if (!Write(entry, returnOne)) return MklDispatchOutcome.Unavailable;
            return MklDispatchOutcome.Enabled;
        }
    }

    static bool IsIntel()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> vendor = stackalloc byte[12];
        BitConverter.TryWriteBytes(vendor[..4], ebx);
        BitConverter.TryWriteBytes(vendor[4..8], edx);
        BitConverter.TryWriteBytes(vendor[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(vendor) == "GenuineIntel";
    }

    static byte[] Read(IntPtr address, int count)
    {
        var bytes = new byte[count];
        Marshal.Copy(address, bytes, 0, count);
        return bytes;
    }

    // Code pages are read-execute: open the (at most two) pages the bytes span for writing, then close them again.
    static bool Write(IntPtr address, byte[] code)
    {
        const int read = 1, write = 2, execute = 4;
        var pageSize = Environment.SystemPageSize;
        var start = address & ~(nint)(pageSize - 1);
        var length = (nuint)(address + code.Length - start);
        if (mprotect(start, length, read | write | execute) != 0) return false;
        if (address % sizeof(long) == 0 && code.Length <= sizeof(long))
        {
            // Function entries are 16-byte aligned: one aligned 8-byte store, so a thread entering the function
            // concurrently sees the old or the new code, never a mix.
            var word = Read(address, sizeof(long));
            code.CopyTo(word, 0);
            Marshal.WriteInt64(address, BitConverter.ToInt64(word));
        }
        else
        {
            Marshal.Copy(code, 0, address, code.Length);
        }

        return mprotect(start, length, read | execute) == 0;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int mprotect(IntPtr address, nuint length, int protection);
}
