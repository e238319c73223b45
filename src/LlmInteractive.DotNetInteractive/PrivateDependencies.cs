using System.Reflection;
using System.Runtime.Loader;

namespace LlmInteractive.DotNetInteractive;

/// <summary>
/// Dependencies whose version the host already holds in an older one. dotnet-interactive 1.0.712001 loads its own
/// System.CommandLine (a 2.0 beta) into the default load context, so the 3.0 our magics are defined with cannot load
/// there; it loads from its restored package into a load context of its own instead.
/// </summary>
static class PrivateDependencies
{
    static readonly string[] Names = ["System.CommandLine"];
    static readonly AssemblyLoadContext isolated = new("LlmInteractive private dependencies");
    static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) != 0) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
        // The host may load extensions into a load context of their own; that one is asked first.
        if (AssemblyLoadContext.GetLoadContext(typeof(PrivateDependencies).Assembly) is { } own && own != AssemblyLoadContext.Default)
            own.Resolving += Resolve;
    }

    static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (!Names.Contains(name.Name) || PackageFile(name) is not { } file) return null;
        lock (isolated)
            return isolated.Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name) ?? isolated.LoadFromAssemblyPath(file);
    }

    /// <summary>
    /// The assembly in the NuGet package folder this package was restored into (…/llminteractive/VERSION/lib/TFM/ is
    /// three folders below it): the highest restored version whose assembly is at least the one asked for.
    /// </summary>
    static string? PackageFile(AssemblyName name)
    {
        var here = Path.GetDirectoryName(typeof(PrivateDependencies).Assembly.Location);
        var packages = here is null ? null : Path.GetFullPath(Path.Combine(here, "..", "..", "..", ".."));
        var folder = packages is null ? null : Path.Combine(packages, name.Name!.ToLowerInvariant());
        if (folder is null || !Directory.Exists(folder)) return null;
        return Directory.GetDirectories(folder)
            .OrderByDescending(v => Version.TryParse(Path.GetFileName(v).Split('-')[0], out var parsed) ? parsed : new Version())
            .Select(v => Path.Combine(v, "lib", "net10.0", name.Name + ".dll"))
            .FirstOrDefault(f => File.Exists(f) && AssemblyName.GetAssemblyName(f).Version >= name.Version);
    }
}
