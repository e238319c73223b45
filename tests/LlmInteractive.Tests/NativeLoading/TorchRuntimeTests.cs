using System.Diagnostics;
using LlmInteractive.Runtime;
using TorchSharp;

namespace LlmInteractive.Tests.NativeLoading;

public class TorchRuntimeTests
{
    [Fact]
    public void Torch_loads_and_computes_on_this_machine_with_the_patch_only_where_needed()
    {
        var info = TorchRuntime.EnsureLoaded();

        using var product = torch.ones(3, 4).matmul(torch.ones(4, 2));
        Assert.Equal(24f, product.sum().item<float>());
        if (NativeFiles.SystemLibStdCxxHasMarkerVersion())
        {
            Assert.Null(info.WeakenedVersion);
        }
        else
        {
            // Debian 12 / Ubuntu 22.04: the package's file cannot load; the patched copy did.
            Assert.Equal("GLIBCXX_3.4.32", info.WeakenedVersion);
            Assert.NotEqual(NativeFiles.PackagedLibTorchSharp(), info.LibTorchSharpPath);
            Assert.Contains(ElfVersionNeeds.Read(File.ReadAllBytes(info.LibTorchSharpPath)), n => n.Version == "GLIBCXX_3.4.32" && n.Weak);
        }
    }

    [Fact]
    public void External_libtorch_folder_is_used_by_an_external_backend_build()
    {
        var folder = NativeFiles.LibTorchCpuPackageFolder();
        var (exitCode, output) = RunDoctor(ExternalBuild(), folder);

        Assert.True(exitCode == 0, output);
        Assert.Contains(folder, output);
        Assert.Contains("24", output); // the doctor's matmul check
    }

    [Fact]
    public void External_folder_with_a_bundled_libtorch_is_refused_with_the_fix()
    {
        var bundledBuild = Path.Combine(AppContext.BaseDirectory, "llm-interactive.dll");
        var (exitCode, output) = RunDoctor(bundledBuild, NativeFiles.LibTorchCpuPackageFolder());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("-p:TorchBackend=external", output);
    }

    [Fact]
    public void External_folder_without_libtorch_is_refused_with_the_fix()
    {
        var (exitCode, output) = RunDoctor(ExternalBuild(), Path.GetTempPath());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("holds no libtorch_cpu.so", output);
    }

    static string ExternalBuild()
    {
        var path = Path.Combine(NativeFiles.RepositoryRoot(), "artifacts", "torch-external", "bin", "LlmInteractive.Cli",
            "Debug", "net10.0", "llm-interactive.dll");
        Assert.True(File.Exists(path),
            $"{path} is missing; build it with: dotnet build src/LlmInteractive.Cli -p:TorchBackend=external");
        return path;
    }

    static (int ExitCode, string Output) RunDoctor(string dll, string libTorchFolder)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "doctor"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[TorchRuntime.LibTorchDirVariable] = libTorchFolder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "doctor did not finish within 60 s");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
