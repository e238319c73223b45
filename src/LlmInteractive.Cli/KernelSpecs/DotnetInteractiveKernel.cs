using System.Text.Json.Nodes;
using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Cli.KernelSpecs;

/// <summary>
/// dotnet-interactive's own Jupyter kernel (the <c>Microsoft.dotnet-interactive</c> tool), installed beside ours for a
/// side-by-side measurement or a test: the tool by <c>--tool-path</c>, its C# kernelspec <c>.net-csharp</c> fixed to run.
/// </summary>
public static class DotnetInteractiveKernel
{
    public const string ToolVersion = "1.0.712001";
    public const string KernelName = ".net-csharp";

    /// <summary>
    /// Installs the tool under <paramref name="toolFolder"/> unless it is there, then writes its kernelspecs into
    /// <paramref name="kernelsFolder"/> (a Jupyter data folder's <c>kernels/</c>). Returns the tool's path.
    /// </summary>
    public static string Install(string toolFolder, string kernelsFolder)
    {
        var tool = Path.Combine(toolFolder, "dotnet-interactive");
        if (!File.Exists(tool))
            Run("dotnet", ["tool", "install", "--tool-path", toolFolder, "Microsoft.dotnet-interactive", "--version", ToolVersion]);
        Directory.CreateDirectory(kernelsFolder);
        Run(tool, ["jupyter", "install", "--path", kernelsFolder]);
        // Its kernel.json runs `dotnet interactive`, which only a global install provides, and serves HTTP on every
        // interface: run the tool by path, on the local interface only.
        var specPath = Path.Combine(kernelsFolder, KernelName, "kernel.json");
        var spec = JsonNode.Parse(File.ReadAllText(specPath))!;
        spec["argv"] = new JsonArray(tool, "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-local-only");
        File.WriteAllText(specPath, spec.ToJsonString());
        return tool;
    }

    static void Run(string file, IReadOnlyList<string> arguments)
    {
        var (exitCode, stdout, stderr) = CommandLineTool.Run(file, arguments, TimeSpan.FromMinutes(10));
        if (exitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited {exitCode}:\n{stdout}\n{stderr}\n" +
                "dotnet-interactive's kernel is installed from the NuGet feed dotnet is configured with; check that it serves " +
                $"Microsoft.dotnet-interactive {ToolVersion}.");
    }
}
