namespace LlmInteractive.Tests.NativeLoading;

/// <summary>Where the packages' native files are, for tests that inspect or point at them.</summary>
static class NativeFiles
{
    static string NuGetPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static string PackagedLibTorchSharp() =>
        Path.Combine(NuGetPackages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>The CPU libtorch package's own native folder (not the copy in the build output).</summary>
    public static string LibTorchCpuPackageFolder() =>
        Path.Combine(NuGetPackages, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native");

    /// <summary>The repository root (the folder holding Research.sln).</summary>
    public static string RepositoryRoot() =>
        Path.GetDirectoryName(LlmInteractive.Runtime.RepositoryPaths.Find("Research.sln")
            ?? throw new InvalidOperationException("Research.sln not found above " + AppContext.BaseDirectory))!;

    /// <summary>True when this system's libstdc++ defines the GCC 13 marker version TorchSharp's library asks for.</summary>
    public static bool SystemLibStdCxxHasMarkerVersion()
    {
        var candidates = new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" };
        var path = candidates.First(File.Exists);
        return File.ReadAllBytes(path).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }
}
