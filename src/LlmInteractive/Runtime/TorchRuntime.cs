using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TorchSharp;

namespace LlmInteractive.Runtime;

/// <summary>What <see cref="TorchRuntime"/> loaded, for diagnostics (<c>llm-interactive doctor</c>, <c>#!device</c>).</summary>
/// <param name="LibTorchDirectory">Folder libtorch (libtorch_cpu.so, libc10.so ...) was loaded from.</param>
/// <param name="LibTorchSharpPath">The LibTorchSharp file actually loaded: the package's, or a patched copy.</param>
/// <param name="WeakenedVersion">The symbol version marked weak in the patched copy, or null when none was needed.</param>
/// <param name="CudaAvailable">Whether libtorch sees a CUDA device.</param>
/// <param name="MklDispatch">Whether MKL's vendor check was opened to non-Intel CPUs (see <see cref="MklCpuDispatch"/>).</param>
public sealed record TorchRuntimeInfo(
    string LibTorchDirectory, string LibTorchSharpPath, string? WeakenedVersion, bool CudaAvailable, MklDispatchOutcome MklDispatch);

/// <summary>
/// Loads TorchSharp's native libraries so that they work on a fresh machine without manual steps.
/// <list type="bullet">
/// <item>TorchSharp 0.107's LibTorchSharp needs GLIBCXX_3.4.32 only through a GCC 13 marker symbol that is never
/// called. Where the system libstdc++ lacks that version (Debian 12, Ubuntu 22.04) we load a copy with that
/// version-need marked weak. Where the system is new enough the package's file loads untouched.</item>
/// <item><c>LLMI_LIBTORCH_DIR</c> names an existing libtorch (e.g. a PyTorch installation's <c>torch/lib</c>) for
/// builds made with <c>-p:TorchBackend=external</c>, which bundle no libtorch of their own.</item>
/// </list>
/// TorchSharp later asks for "LibTorchSharp", "torch_cpu" ... by name; glibc answers such requests with the
/// libraries already loaded here, because it matches names against their SONAME.
/// </summary>
public static class TorchRuntime
{
    public const string LibTorchDirVariable = "LLMI_LIBTORCH_DIR";
    const string MarkerVersion = "GLIBCXX_3.4.32";
    const string LibTorchSharpFile = "libLibTorchSharp.so";

    // Dependencies first, so each later library finds what it needs already loaded.
    static readonly string[] LibTorchFiles = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    static readonly Lazy<TorchRuntimeInfo> loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native libraries once; later calls return the same result (or the same error).</summary>
    public static TorchRuntimeInfo EnsureLoaded() => loaded.Value;

#pragma warning disable CA2255 // A library module initializer is deliberate: any use of the lab loads torch correctly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void LoadWhenThisLibraryLoads()
    {
        // Errors are kept by the Lazy and rethrown, with their explanation, by the first explicit EnsureLoaded call.
        try { EnsureLoaded(); } catch (Exception) { }
    }

    static TorchRuntimeInfo Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere TorchSharp's own loader is right; nothing to patch.
            torch.InitializeDeviceType(DeviceType.CPU);
            var location = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
            return new TorchRuntimeInfo(location, location, null, torch.cuda.is_available(), MklDispatchOutcome.NotNeeded);
        }

        var searchDirectories = NativeSearchDirectories();
        var sharpDirectory = searchDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, LibTorchSharpFile)))
            ?? throw new InvalidOperationException(
                $"{LibTorchSharpFile} was not found next to the application (searched: {string.Join(", ", searchDirectories)}). " +
                "Rebuild the project so the TorchSharp package's native files are copied to the output.");
        var bundled = searchDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
        var torchDirectory = ChooseLibTorchDirectory(bundled);

        foreach (var file in LibTorchFiles)
        {
            var path = Path.Combine(torchDirectory, file);
            if (File.Exists(path)) NativeLibrary.Load(path);
        }

        var original = Path.Combine(sharpDirectory, LibTorchSharpFile);
        var (loadedFrom, weakened) = LoadLibTorchSharp(original);
        // Before anything multiplies a matrix: MKL fixes its kernel choice at the first call. Only when the launcher asked.
        var mkl = MklCpuDispatch.Requested ? MklCpuDispatch.UseVectorKernels()
            : Environment.GetEnvironmentVariable(MklCpuDispatch.SwitchVariable) == "0" ? MklDispatchOutcome.Disabled : MklDispatchOutcome.NotRequested;

        torch.InitializeDeviceType(DeviceType.CPU);
        return new TorchRuntimeInfo(torchDirectory, loadedFrom, weakened, torch.cuda.is_available(), mkl);
    }

    static string ChooseLibTorchDirectory(string? bundled)
    {
        var external = Environment.GetEnvironmentVariable(LibTorchDirVariable);
        if (string.IsNullOrWhiteSpace(external))
            return bundled ?? throw new InvalidOperationException(
                $"This build bundles no libtorch (TorchBackend=external). Set {LibTorchDirVariable} to a folder holding " +
                "libtorch_cpu.so, for example a PyTorch installation's torch/lib, or rebuild with -p:TorchBackend=cpu.");

        external = Path.GetFullPath(external);
        if (!File.Exists(Path.Combine(external, "libtorch_cpu.so")))
            throw new InvalidOperationException(
                $"{LibTorchDirVariable}={external} holds no libtorch_cpu.so. Point it at a libtorch lib folder " +
                "(for PyTorch: python3 -c \"import torch, os; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))\").");
        if (bundled is not null && Path.GetFullPath(bundled).TrimEnd('/') != external.TrimEnd('/'))
            throw new InvalidOperationException(
                $"{LibTorchDirVariable} is set, but this build also bundles libtorch in {bundled}; two copies of libtorch " +
                $"in one process crash. Rebuild with -p:TorchBackend=external to use {external}, or unset {LibTorchDirVariable}.");
        return external;
    }

    static (string Path, string? Weakened) LoadLibTorchSharp(string original)
    {
        try
        {
            NativeLibrary.Load(original);
            return (original, null);
        }
        catch (DllNotFoundException error)
        {
            var missing = Regex.Match(error.Message, @"version `(?<version>[^']+)' not found");
            if (!missing.Success || missing.Groups["version"].Value != MarkerVersion)
                throw new InvalidOperationException($"Loading {original} failed: {error.Message}", error);
        }

        var patched = WritePatchedCopy(original);
        try
        {
            NativeLibrary.Load(patched);
        }
        catch (DllNotFoundException error)
        {
            throw new InvalidOperationException(
                $"The system libstdc++ lacks {MarkerVersion}; a copy of {original} with that requirement marked weak was " +
                $"written to {patched}, but it still fails to load: {error.Message}. Install a newer libstdc++ (GCC 13 or later).",
                error);
        }
        return (patched, MarkerVersion);
    }

    /// <summary>Writes (once per distinct original) the copy with the marker version weak; atomic for parallel processes.</summary>
    static string WritePatchedCopy(string original)
    {
        var bytes = File.ReadAllBytes(original);
        var key = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var directory = Path.Combine(CacheRoot(), "llm-interactive", "native", key);
        var target = Path.Combine(directory, LibTorchSharpFile);
        if (File.Exists(target)) return target;

        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{LibTorchSharpFile}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, ElfVersionNeeds.MarkWeak(bytes, [MarkerVersion]));
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    static string CacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return xdg;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
    }

    /// <summary>
    /// The folders .NET searches for this application's native libraries (from its deps.json), then TorchSharp's own,
    /// then, when TorchSharp was loaded from a NuGet package folder (a host that restores packages itself, such as
    /// dotnet-interactive's <c>#r "nuget: ..."</c>), the native folders of its package and of the libtorch package beside it.
    /// </summary>
    static List<string> NativeSearchDirectories()
    {
        var fromDeps = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var assemblyDirectory = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
        return fromDeps.Append(assemblyDirectory)
            .Append(Path.Combine(assemblyDirectory, "runtimes", "linux-x64", "native"))
            .Concat(PackageFolderNatives(assemblyDirectory))
            .Where(Directory.Exists).Distinct().ToList();
    }

    /// <summary>For …/torchsharp/VERSION/lib/TFM/: …/torchsharp/VERSION/runtimes/linux-x64/native, then the newest libtorch-cpu-linux-x64's.</summary>
    static IEnumerable<string> PackageFolderNatives(string assemblyDirectory)
    {
        var package = Path.GetFullPath(Path.Combine(assemblyDirectory, "..", ".."));
        if (!File.Exists(Path.Combine(package, ".nupkg.metadata")) && Directory.GetFiles(package, "*.nupkg").Length == 0) yield break;
        yield return Path.Combine(package, "runtimes", "linux-x64", "native");
        var libtorch = Path.Combine(package, "..", "..", "libtorch-cpu-linux-x64");
        if (!Directory.Exists(libtorch)) yield break;
        foreach (var version in Directory.GetDirectories(libtorch)
                     .OrderByDescending(v => Version.TryParse(Path.GetFileName(v).Split('-')[0], out var parsed) ? parsed : new Version()))
            yield return Path.Combine(version, "runtimes", "linux-x64", "native");
    }
}
