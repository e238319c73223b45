using System.Runtime.InteropServices;

namespace LlmInteractive.Benchmarks;

/// <summary>
/// How much resident memory an action adds at its peak, read from Linux's per-process high-water mark (VmHWM), which
/// writing 5 to /proc/self/clear_refs resets. glibc would keep large freed blocks on its heap after the first one (its
/// mmap threshold grows), so that the next allocation costs no new pages and goes unseen; fixing the threshold makes
/// every large tensor its own mapping, returned on release, and free blocks already on the heap are handed back
/// (malloc_trim) before each measurement, so reusing them costs fresh pages that the high-water mark sees.
/// </summary>
public static class PeakResidentMemory
{
    const int MmapThreshold = -3;                 // glibc's M_MMAP_THRESHOLD
    const int FixedThresholdBytes = 128 * 1024;   // glibc's initial value, now kept fixed
    static bool thresholdFixed;

    /// <summary>True on Linux with a resettable high-water mark; elsewhere <see cref="BytesDuring"/> throws.</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Peak resident bytes above the level before <paramref name="action"/> ran (page granularity).</summary>
    public static long BytesDuring(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!IsAvailable)
            throw new PlatformNotSupportedException("Peak resident memory is read from Linux's /proc/self (VmHWM); it is not available here.");
        if (!thresholdFixed) thresholdFixed = mallopt(MmapThreshold, FixedThresholdBytes) == 1;
        // Aggressive: the GC hands its free memory back now, not in the background while the action runs.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        malloc_trim(0);
        File.WriteAllText("/proc/self/clear_refs", "5");
        var before = Read("VmRSS:");
        action();
        return Math.Max(0, Read("VmHWM:") - before);
    }

    static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return 1024 * long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/self/status has no {field} line.");
    }

    [DllImport("libc")]
    static extern int mallopt(int parameter, int value);

    [DllImport("libc")]
    static extern int malloc_trim(nuint pad);
}
