using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Cli.KernelSpecs;

/// <summary>Writes the <c>llm-csharp</c> kernelspec (kernel.json and logos) where Jupyter looks for kernels.</summary>
public static class KernelSpecInstaller
{
    public const string KernelName = "llm-csharp";
    public const string DisplayName = "C# (LLM Interactive)";
    static readonly string[] Logos = ["logo-32x32.png", "logo-64x64.png"];

    /// <summary>
    /// The kernels folder: PREFIX/share/jupyter/kernels with a prefix, else the user's Jupyter data dir
    /// ($JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter), as jupyter_core resolves it.
    /// </summary>
    public static string KernelsDirectory(string? prefix)
    {
        if (prefix is not null) return Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } dataDir) return Path.Combine(Path.GetFullPath(dataDir), "kernels");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var dataHome = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "jupyter", "kernels");
    }

    /// <summary>Installs (or replaces) the kernelspec; returns its folder.</summary>
    public static string Install(KernelLaunch launch, string? prefix)
    {
        var folder = Path.Combine(KernelsDirectory(prefix), KernelName);
        Directory.CreateDirectory(folder);
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray([.. launch.KernelArguments("{connection_file}").Select(a => (JsonNode)JsonValue.Create(a))]),
            ["display_name"] = DisplayName,
            ["language"] = "csharp",
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
        File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        foreach (var logo in Logos)
        {
            var source = Path.Combine(AppContext.BaseDirectory, "kernelspec", logo);
            if (!File.Exists(source))
                throw new FileNotFoundException($"The kernelspec logo {logo} is missing from {Path.GetDirectoryName(source)}; rebuild src/LlmInteractive.Cli.", source);
            File.Copy(source, Path.Combine(folder, logo), overwrite: true);
        }
        return folder;
    }
}
