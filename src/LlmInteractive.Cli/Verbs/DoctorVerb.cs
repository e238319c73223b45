using System.CommandLine;
using LlmInteractive.Runtime;

namespace LlmInteractive.Cli.Verbs;

/// <summary><c>doctor</c>: loads TorchSharp's native libraries and says how.</summary>
public static class DoctorVerb
{
    public static Command Create()
    {
        var command = new Command("doctor", "Load libtorch and report the runtime, its folder, whether LibTorchSharp was patched, and CUDA.");
        command.SetAction(_ =>
        {
            var info = TorchRuntime.EnsureLoaded();
            Console.WriteLine($".NET runtime     {Environment.Version} ({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier})");
            Console.WriteLine($"TorchSharp       {typeof(TorchSharp.torch).Assembly.GetName().Version}");
            Console.WriteLine($"libtorch folder  {info.LibTorchDirectory}");
            Console.WriteLine($"LibTorchSharp    {info.LibTorchSharpPath}");
            Console.WriteLine($"patched          {(info.WeakenedVersion is null ? "no (the system libstdc++ is new enough)" : $"yes ({info.WeakenedVersion} marked weak)")}");
            Console.WriteLine($"CUDA             {(info.CudaAvailable ? "available" : "not available")}");
            Console.WriteLine($"MKL dispatch     {info.MklDispatch} (vector kernels on non-Intel CPUs, turned on by this launcher; {MklCpuDispatch.SwitchVariable}=0 turns it off)");
            // Loading is not enough: prove libtorch computes (a wrong or mixed libtorch fails or crashes here).
            using var product = TorchSharp.torch.ones(3, 4).matmul(TorchSharp.torch.ones(4, 2));
            var sum = product.sum().item<float>();
            Console.WriteLine($"compute check    ones(3,4)·ones(4,2) sums to {sum} ({(sum == 24f ? "ok" : "WRONG, expected 24")})");
            return sum == 24f ? 0 : 1;
        });
        return command;
    }
}
