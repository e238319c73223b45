using System.Diagnostics;
using System.Security;
using System.Text.Json;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Resolves <c>#r "nuget: Name, Version"</c> with the dotnet SDK: writes a small project that references the package,
/// runs <c>dotnet restore</c>, and reads project.assets.json for the runtime assemblies of the package and its
/// dependencies. Restored projects live under ~/.cache/llm-interactive/nuget/ and are reused.
/// </summary>
public sealed class NuGetRestorer
{
    readonly string cacheRoot;
    readonly string targetFramework;

    public NuGetRestorer(string? cacheRoot = null, string? targetFramework = null)
    {
        this.cacheRoot = cacheRoot ?? Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "llm-interactive", "nuget");
        this.targetFramework = targetFramework ?? $"net{Environment.Version.Major}.{Environment.Version.Minor}";
    }

    /// <summary>
    /// Full paths of the runtime assemblies and native libraries of <paramref name="packageId"/> (latest stable when
    /// <paramref name="version"/> is null) and its dependencies. Throws <see cref="NuGetRestoreException"/> with
    /// the SDK's messages when the package or version cannot be restored.
    /// </summary>
    public async Task<RestoredPackage> RestoreAsync(string packageId, string? version, CancellationToken cancellation = default)
    {
        NuGetReferenceRules.Check(packageId, version);
        var key = $"{packageId}/{version}".ToLowerInvariant();
        lock (restored) if (restored.TryGetValue(key, out var known)) return known;
        var paths = await RestoreUncachedAsync(packageId, version, cancellation);
        lock (restored) restored[key] = paths;
        return paths;
    }

    /// <summary>Packages restored by this instance: re-running a #r cell does not run the SDK again.</summary>
    readonly Dictionary<string, RestoredPackage> restored = [];

    async Task<RestoredPackage> RestoreUncachedAsync(string packageId, string? version, CancellationToken cancellation)
    {
        var directory = Path.GetFullPath(Path.Combine(cacheRoot, $"{packageId}-{version ?? "latest"}".ToLowerInvariant()));
        // The rules above keep separators out; this keeps the restore project under the cache whatever they miss.
        if (!directory.StartsWith(Path.GetFullPath(cacheRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new NuGetRestoreException($"The restore folder for '{packageId}' would leave the NuGet cache {cacheRoot}; use a plain package id.");
        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, "restore.csproj");
        var content = ProjectText(packageId, version ?? "*");
        var assets = Path.Combine(directory, "obj", "project.assets.json");
        var upToDate = File.Exists(project) && File.ReadAllText(project) == content && File.Exists(assets) && version is not null && RestoreErrors(assets).Count == 0;
        if (!upToDate)
        {
            await File.WriteAllTextAsync(project, content, cancellation);
            await RunRestoreAsync(project, packageId, version, cancellation);
        }
        var errors = RestoreErrors(assets);
        if (errors.Count > 0) throw Failure(packageId, version, errors);
        return ReadAssets(assets, targetFramework, PortableRuntimeIdentifier);
    }

    static NuGetRestoreException Failure(string packageId, string? version, IEnumerable<string> messages) => new(
        $"Could not restore NuGet package '{packageId}'{(version is null ? "" : $" version {version}")}: " +
        $"{string.Join("\n", messages)}\nCheck the package name and version (e.g. #r \"nuget: Newtonsoft.Json, 13.0.4\").");

    /// <summary>The error messages NuGet recorded in project.assets.json (a failed restore leaves them there).</summary>
    static List<string> RestoreErrors(string assetsPath)
    {
        if (!File.Exists(assetsPath)) return [];
        using var document = JsonDocument.Parse(File.ReadAllBytes(assetsPath));
        if (!document.RootElement.TryGetProperty("logs", out var logs)) return [];
        return logs.EnumerateArray()
            .Where(l => l.TryGetProperty("level", out var level) && level.GetString() == "Error")
            .Select(l => $"{(l.TryGetProperty("code", out var code) ? code.GetString() + ": " : "")}{l.GetProperty("message").GetString()}")
            .ToList();
    }

    string ProjectText(string packageId, string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>{targetFramework}</TargetFramework>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="{SecurityElement.Escape(packageId)}" Version="{SecurityElement.Escape(version)}" />
          </ItemGroup>
        </Project>
        """;

    static async Task RunRestoreAsync(string project, string packageId, string? version, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "restore", project, "--nologo", "-v", "q",
                     "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryPackagesProps=false" })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)
            ?? throw new NuGetRestoreException($"Could not start '{start.FileName}' to restore {packageId}; is the .NET SDK installed and on PATH?");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode == 0) return;
        if (RestoreErrors(Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json")).Count > 0) return;
        var messages = (await stdout + "\n" + await stderr)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Replace(project, "", StringComparison.Ordinal).Trim(' ', ':'))
            .Distinct()
            .ToList();
        throw Failure(packageId, version, messages);
    }

    static string DotnetExecutable()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    /// <summary>"linux-x64", "osx-arm64", "win-x64": the RID native package assets are published for.</summary>
    static string PortableRuntimeIdentifier =>
        $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-" +
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>
    /// The runtime assemblies and the native libraries for <paramref name="runtimeIdentifier"/> of every package in
    /// the restore graph of <paramref name="targetFramework"/>, as full paths.
    /// </summary>
    internal static RestoredPackage ReadAssets(string assetsPath, string targetFramework, string runtimeIdentifier)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(assetsPath));
        var root = document.RootElement;
        var packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var libraries = root.GetProperty("libraries");
        var target = root.GetProperty("targets").EnumerateObject()
            .First(t => t.Name == targetFramework || t.Name.EndsWith($",Version=v{targetFramework[3..]}", StringComparison.Ordinal));
        var assemblies = new List<string>();
        var natives = new List<string>();
        var extensions = new List<string>();
        foreach (var package in target.Value.EnumerateObject())
        {
            if (package.Value.GetProperty("type").GetString() != "package") continue;
            var folder = Path.Combine(packageFolder, libraries.GetProperty(package.Name).GetProperty("path").GetString()!);
            // .NET Interactive kernel extensions sit outside lib/ (assets.json does not list them), where its loader looks.
            var extensionFolder = Path.Combine(folder, "interactive-extensions", "dotnet");
            if (Directory.Exists(extensionFolder)) extensions.AddRange(Directory.GetFiles(extensionFolder, "*.dll").Order(StringComparer.Ordinal));
            if (package.Value.TryGetProperty("runtime", out var runtime))
            {
                // "_._" marks "nothing for this framework" (the framework itself provides it).
                assemblies.AddRange(runtime.EnumerateObject()
                    .Where(f => !f.Name.EndsWith("_._", StringComparison.Ordinal))
                    .Select(f => Path.Combine(folder, f.Name))
                    .Where(File.Exists));
            }
            if (package.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
            {
                natives.AddRange(runtimeTargets.EnumerateObject()
                    .Where(f => f.Value.TryGetProperty("assetType", out var type) && type.GetString() == "native" &&
                                f.Value.TryGetProperty("rid", out var rid) && rid.GetString() == runtimeIdentifier)
                    .Select(f => Path.Combine(folder, f.Name))
                    .Where(File.Exists));
            }
        }
        return new RestoredPackage(assemblies, natives, extensions);
    }
}

/// <summary>
/// What a restored package brings: managed assemblies to reference, native libraries to make loadable, and the
/// assemblies of its graph's <c>interactive-extensions/dotnet/</c> folders (.NET Interactive kernel extensions).
/// </summary>
public sealed record RestoredPackage(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeLibraries,
    IReadOnlyList<string> DotNetInteractiveExtensions);

/// <summary>A NuGet package or version could not be restored; the message carries the SDK's errors.</summary>
public sealed class NuGetRestoreException(string message) : Exception(message);
