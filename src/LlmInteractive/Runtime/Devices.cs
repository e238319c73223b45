using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Runtime;

/// <summary>One compute device the lab can use.</summary>
/// <param name="Name">Torch device name: "cpu", "cuda:0" ...</param>
/// <param name="Kind">"cpu" or "cuda".</param>
/// <param name="Model">Hardware model ("NVIDIA H100 80GB HBM3", the CPU's model name) when known.</param>
/// <param name="MemoryBytes">Device memory (system memory for the CPU) when known.</param>
public sealed record DeviceDescription(string Name, string Kind, string? Model, long? MemoryBytes);

/// <summary>
/// Which device models are built and run on. <see cref="Default"/> is CUDA when libtorch sees a GPU, else the CPU;
/// <c>LLMI_DEVICE=cpu|cuda</c> or <see cref="Select"/> override that choice.
/// </summary>
public static class Devices
{
    public const string Variable = "LLMI_DEVICE";

    static Device? selected;

    /// <summary>The device chosen by <see cref="Select"/>, else by LLMI_DEVICE, else CUDA when available, else CPU.</summary>
    public static Device Default
    {
        get
        {
            if (selected is not null) return selected;
            TorchRuntime.EnsureLoaded();
            var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Parse(fromEnvironment, $"{Variable}={fromEnvironment}");
            return cuda.is_available() ? CUDA : CPU;
        }
    }

    /// <summary>Makes <paramref name="name"/> ("cpu", "cuda", "cuda:1") the default for this process and returns it.</summary>
    public static Device Select(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TorchRuntime.EnsureLoaded();
        selected = Parse(name, $"Devices.Select(\"{name}\")");
        return selected;
    }

    /// <summary>Forgets a <see cref="Select"/> choice, so LLMI_DEVICE and detection decide again.</summary>
    public static void Reset() => selected = null;

    /// <summary>The device a module's parameters live on (CPU for a module without parameters).</summary>
    public static Device Of(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var first = module.parameters().FirstOrDefault();
        return first is null ? CPU : first.device;
    }

    /// <summary>The CPU and every CUDA device libtorch sees, with model names and memory where known.</summary>
    public static IReadOnlyList<DeviceDescription> Describe()
    {
        TorchRuntime.EnsureLoaded();
        var devices = new List<DeviceDescription> { new("cpu", "cpu", CpuModel(), SystemMemory()) };
        if (!cuda.is_available()) return devices;

        var gpus = NvidiaSmiGpus();
        for (var index = 0; index < cuda.device_count(); index++)
        {
            var (model, memory) = index < gpus.Count ? gpus[index] : (null, null);
            devices.Add(new DeviceDescription($"cuda:{index}", "cuda", model, memory));
        }
        return devices;
    }

    static Device Parse(string name, string source)
    {
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new InvalidOperationException(
                    $"{source} asks for CUDA, but libtorch sees no CUDA device (no GPU, no driver, or a CPU-only build: " +
                    "this build uses TorchSharp-cpu unless built with -p:TorchBackend=cuda). Use \"cpu\" instead.");
            var index = text == "cuda" ? 0 : int.Parse(text["cuda:".Length..], CultureInfo.InvariantCulture);
            if (index >= cuda.device_count())
                throw new InvalidOperationException($"{source}: there are only {cuda.device_count()} CUDA devices (cuda:0 ... cuda:{cuda.device_count() - 1}).");
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"{source}: unknown device \"{name}\". Use \"cpu\", \"cuda\" or \"cuda:N\".");
    }

    static string? CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return null;
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    static long? SystemMemory()
    {
        var total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return total > 0 ? total : null;
    }

    /// <summary>Names and memory from nvidia-smi, one entry per GPU in its order; empty when the tool is missing.</summary>
    static List<(string? Model, long? Memory)> NvidiaSmiGpus()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name,memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return [];
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(5000);
            return ParseNvidiaSmi(output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return []; // nvidia-smi is not installed
        }
    }

    /// <summary>Parses "NVIDIA H100 80GB HBM3, 81559" lines (memory in MiB).</summary>
    internal static List<(string? Model, long? Memory)> ParseNvidiaSmi(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var comma = line.LastIndexOf(',');
                if (comma < 0) return ((string?)line, (long?)null);
                var memory = long.TryParse(line[(comma + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib)
                    ? mib * 1024 * 1024 : (long?)null;
                return (line[..comma].Trim(), memory);
            })
            .ToList();
}
