using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace LlmInteractive.Runtime;

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

    /// <summary>The vendor checks exist but are not byte for byte the TorchSharp-cpu build this was written for; nothing was changed.</summary>
    UnknownBuild,

    /// <summary>Turned off with LLMI_MKL_DISPATCH=0.</summary>
    Disabled,

    /// <summary>Nobody asked for it: <see cref="TorchRuntime"/> patches only when the launcher set LLMI_MKL_DISPATCH=1.</summary>
    NotRequested,
}

/// <summary>
/// The libtorch that TorchSharp ships links Intel oneMKL statically, and MKL gives non-Intel CPUs its generic SSE
/// kernels whatever they support: on this AMD EPYC (AVX-512) fp32 matmul ran at about a third of its AVX-512 rate.
/// MKL decides with two exported functions that compare the CPUID vendor string with "GenuineIntel"; making them
/// answer yes lets MKL choose kernels from the CPU's actual feature flags, which is all they require.
/// It rewrites vendor code, so it is explicit: <see cref="TorchRuntime"/> applies it right after loading libtorch, before
/// the first matmul of the process (MKL caches its choice), only when <see cref="SwitchVariable"/> is 1. The
/// llm-interactive launcher sets that for the processes it starts (kernel, run, bench, doctor), so notebooks, training
/// and the benchmark run the same kernels, and <c>doctor</c> and the kernel log say what happened; a library user of
/// the lab gets MKL untouched unless they set it. Later calls change nothing.
/// </summary>
public static class MklCpuDispatch
{
    /// <summary>1: apply it when libtorch loads; 0: never, even when a launcher asks; unset: not applied.</summary>
    public const string SwitchVariable = "LLMI_MKL_DISPATCH";

    /// <summary>Whether this process asked for the patch at libtorch load (<see cref="SwitchVariable"/> is 1).</summary>
    public static bool Requested => Environment.GetEnvironmentVariable(SwitchVariable) == "1";

    static readonly string[] vendorChecks = ["mkl_serv_intel_cpu_true", "mkl_serv_intel_cpu"];
    static readonly byte[] returnOne = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];   // mov eax, 1; ret

    // The first 16 bytes of each vendor check in libtorch-cpu-linux-x64 2.10.0 (TorchSharp-cpu 0.107), RIP offsets
    // included, so they fingerprint that exact build: `mov eax, [rip + cached]; test eax, eax; js …; ret; …` and
    // `mov eax, [rip + cached]; cmp eax, -1; je …; ret; …`. Any other build is left alone.
    internal static readonly byte[][] KnownEntries =
    [
        Convert.FromHexString("8b051a67980985c07801c353c74424f8"),
        Convert.FromHexString("8b05ae66980983f8ff7401c3534883ec"),
    ];
    static readonly Lock gate = new();

    public static MklDispatchOutcome UseVectorKernels()
    {
        if (Environment.GetEnvironmentVariable(SwitchVariable) == "0") return MklDispatchOutcome.Disabled;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !X86Base.IsSupported
            || IsIntel() || !Avx2.IsSupported || !Fma.IsSupported)
            return MklDispatchOutcome.NotNeeded;

        lock (gate)
        {
            // By name: glibc answers with the libtorch_cpu TorchRuntime already loaded (matched by its SONAME).
            if (!NativeLibrary.TryLoad("libtorch_cpu.so", out var library)) return MklDispatchOutcome.Unavailable;
            var entries = new List<IntPtr>();
            foreach (var name in vendorChecks)
            {
                if (!NativeLibrary.TryGetExport(library, name, out var entry)) return MklDispatchOutcome.Unavailable;
                entries.Add(entry);
            }

            var heads = entries.Select(e => Read(e, KnownEntries[0].Length)).ToList();
            return Classify(heads) switch
            {
                BuildState.Patched => MklDispatchOutcome.AlreadyEnabled,
                BuildState.Unknown => MklDispatchOutcome.UnknownBuild,
                _ => ApplyAll(entries, heads, Write) ? MklDispatchOutcome.Enabled : MklDispatchOutcome.Unavailable,
            };
        }
    }

    internal enum BuildState { Known, Patched, Unknown }

    /// <summary>Whether the entries are the known build's, that build already patched, or anything else.</summary>
    internal static BuildState Classify(IReadOnlyList<byte[]> heads)
    {
        if (heads.Count != KnownEntries.Length) return BuildState.Unknown;
        bool Patched(byte[] head, byte[] known) =>
            head.AsSpan(0, returnOne.Length).SequenceEqual(returnOne) && head.AsSpan(returnOne.Length).SequenceEqual(known.AsSpan(returnOne.Length));
        if (heads.Zip(KnownEntries).All(p => p.First.SequenceEqual(p.Second))) return BuildState.Known;
        if (heads.Zip(KnownEntries).All(p => Patched(p.First, p.Second))) return BuildState.Patched;
        return BuildState.Unknown;
    }

    /// <summary>Patches every entry or none: when one write fails, the entries already written get their bytes back.</summary>
    internal static bool ApplyAll(IReadOnlyList<IntPtr> entries, IReadOnlyList<byte[]> originals, Func<IntPtr, byte[], bool> write)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (write(entries[i], returnOne)) continue;
            for (var j = i - 1; j >= 0; j--) write(entries[j], originals[j].AsSpan(0, returnOne.Length).ToArray());
            return false;
        }
        return true;
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
