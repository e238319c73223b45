namespace LlmInteractive.Cli.KernelSpecs;

/// <summary>
/// How to start this build of the kernel without rebuilding: the dotnet host and the absolute path of
/// llm-interactive.dll (or the apphost when the process is the apphost), plus the LLM extension next to it.
/// </summary>
public sealed record KernelLaunch(IReadOnlyList<string> Host, string ExtensionPath)
{
    public const string ExtensionFile = "LlmInteractive.Extension.dll";

    /// <summary>The launch of the build this code runs from.</summary>
    public static KernelLaunch Current()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var dll = Path.Combine(baseDirectory, "llm-interactive.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"llm-interactive.dll is not in {baseDirectory}; build src/LlmInteractive.Cli first (dotnet build Research.sln).", dll);
        var extension = Path.Combine(baseDirectory, ExtensionFile);
        if (!File.Exists(extension))
            throw new FileNotFoundException($"The LLM extension {ExtensionFile} is not in {baseDirectory}; build src/LlmInteractive.Cli, which references it.", extension);
        return new KernelLaunch([DotnetHost(), dll], extension);
    }

    /// <summary>argv of the kernel verb for <paramref name="connectionFile"/> (a path, or {connection_file} in kernel.json).</summary>
    public IReadOnlyList<string> KernelArguments(string connectionFile) =>
        [.. Host, "kernel", "--connection-file", connectionFile, "--extension", ExtensionPath];

    /// <summary>The dotnet executable: this process when it is dotnet, else DOTNET_HOST_PATH, DOTNET_ROOT, or PATH.</summary>
    static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        foreach (var candidate in new[]
                 {
                     Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
                     Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? Path.Combine(root, "dotnet") : null,
                 })
            if (candidate is not null && File.Exists(candidate)) return candidate;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "dotnet");
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException("The dotnet host was not found; put dotnet on PATH or set DOTNET_ROOT.");
    }
}
