using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Tests.DotNetInteractive;

/// <summary>
/// The LLM extension as a genuine .NET Interactive extension: the packages `dotnet pack` makes, in a local folder,
/// load with <c>#r "nuget: LlmInteractive, VERSION"</c> in dotnet-interactive 1.0.712001's own Jupyter kernel, and a
/// notebook that uses the magics and a live view runs there top to bottom under <c>jupyter nbconvert --execute</c>.
/// Installs the tool into a temporary folder (from the NuGet registry) and registers its kernelspec in a temporary
/// JUPYTER_DATA_DIR; trains a tiny model for 20 steps. Slow: run apart with --filter Category=DotNetInteractive.
/// </summary>
[Trait("Category", "DotNetInteractive")]
public sealed class DotNetInteractiveExtensionTests : IDisposable
{
    static readonly string[] Projects = ["LlmInteractive", "LlmInteractive.Kernel.Abstractions", "LlmInteractive.Extension", "LlmInteractive.DotNetInteractive"];

    readonly string work = Directory.CreateTempSubdirectory("llmi-dni-").FullName;
    // A version of its own: NuGet's cache would otherwise serve an earlier run's package of the same version.
    readonly string version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public void Dispose()
    {
        Directory.Delete(work, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "llminteractive", "llminteractive.lab", "llminteractive.kernel.abstractions", "llminteractive.extension" })
        {
            var folder = Path.Combine(cache, id, version);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_package_loads_in_dotnet_interactive_and_its_magics_and_live_view_render()
    {
        var root = RepositoryRoot();
        var packages = Path.Combine(work, "packages");
        // The test runs after the solution is built; pack those binaries (the configuration this test was built in).
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        foreach (var project in Projects)
            Run("dotnet", ["pack", Path.Combine(root, "src", project, project + ".csproj"), "-c", configuration, "--no-build", "-o", packages,
                $"-p:LlmInteractivePackageVersion={version}", "-nologo", "-v", "q"]);
        var package = Path.Combine(packages, $"LlmInteractive.{version}.nupkg");
        using (var archive = System.IO.Compression.ZipFile.OpenRead(package))
            Assert.Contains("interactive-extensions/dotnet/LlmInteractive.DotNetInteractive.dll", archive.Entries.Select(e => e.FullName));

        var jupyterData = InstallDotnetInteractiveKernel();

        var notebookFolder = Path.Combine(work, "notebook");
        Directory.CreateDirectory(notebookFolder);
        var source = File.ReadAllText(Path.Combine(root, "tests", "notebooks", "dotnet-interactive", "llm-extension.ipynb"));
        File.WriteAllText(Path.Combine(notebookFolder, "llm-extension.ipynb"),
            source.Replace("LOCAL_PACKAGES", packages).Replace("PACKAGE_VERSION", version));
        var output = Path.Combine(work, "out");
        Run("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", output,
            Path.Combine(notebookFolder, "llm-extension.ipynb")], new Dictionary<string, string> { ["JUPYTER_DATA_DIR"] = jupyterData });

        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "llm-extension.ipynb")))!["cells"]!.AsArray()
            .ToDictionary(c => c!["id"]!.GetValue<string>());
        Assert.Contains("Installed Packages", Html(cells["load"]));
        // The magics, parsed by their own definitions, display the same views as in our kernel.
        Assert.Contains("class=\"llmi-tok\"", Html(cells["magic-tokens"]));
        Assert.Contains("char (11 tokens): t|", Data(cells["magic-tokens"], "text/plain"));
        Assert.Contains("class=\"llmi-probs\"", Html(cells["magic-probs"]));
        // Help comes from the magic's own definition, as in our kernel.
        Assert.Contains("#!tokens [<TEXT>...] [options]", Stream(cells["magic-help"]));
        // The live training view: displayed, then updated in place to its final summary (green bar), and the cell's result.
        var training = Html(cells["view-training"]);
        Assert.Contains("class=\"llmi-train\"", training);
        Assert.Contains(">20<", training);
    }

    /// <summary>Installs the tool and its kernelspecs into this test's folder; returns the JUPYTER_DATA_DIR to use.</summary>
    string InstallDotnetInteractiveKernel()
    {
        var data = Path.Combine(work, "jupyter");
        DotnetInteractiveKernel.Install(Path.Combine(work, "tool"), Path.Combine(data, "kernels"));
        return data;
    }

    static string Html(JsonNode? cell) => Data(cell, "text/html");

    static string Stream(JsonNode? cell) => string.Concat(cell!["outputs"]!.AsArray().Select(o => Joined(o!["text"])));

    /// <summary>Every <paramref name="mime"/> value of a cell's outputs (display_data and execute_result), joined.</summary>
    static string Data(JsonNode? cell, string mime) =>
        string.Concat(cell!["outputs"]!.AsArray().Select(o => Joined(o!["data"]?[mime])));

    static string Joined(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        null => "",
        _ => node.GetValue<string>(),
    };

    static string RepositoryRoot() =>
        Path.GetDirectoryName(LlmInteractive.Runtime.RepositoryPaths.Find("Research.sln")
            ?? throw new DirectoryNotFoundException("Research.sln not found above the test binaries."))!;

    static void Run(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} ran over 10 minutes");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }
}
