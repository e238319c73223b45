using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Metadata references for the shared framework the kernel runs on, each with its XML documentation from the SDK's
/// reference pack when installed (so inspection can show summaries for BCL members).
/// </summary>
static class FrameworkReferences
{
    static readonly Lazy<IReadOnlyList<MetadataReference>> all = new(Build);
    static readonly Lazy<(IReadOnlyList<MetadataReference> Common, IReadOnlyList<MetadataReference> Others)> split = new(Split);

    /// <summary>Every assembly of the shared framework (about 160).</summary>
    public static IReadOnlyList<MetadataReference> All => all.Value;

    /// <summary>The framework assemblies most cells use (<see cref="CommonNames"/>) and the others.</summary>
    public static IReadOnlyList<MetadataReference> Common => split.Value.Common;

    /// <inheritdoc cref="Common"/>
    public static IReadOnlyList<MetadataReference> Others => split.Value.Others;

    /// <summary>
    /// Core types, collections, LINQ (also Queryable, so IQueryable queries never bind to Enumerable for want of it),
    /// console, files, text, regular expressions, JSON, HTTP, tasks, numerics, processes; and the facades packages built
    /// for .NET Standard or .NET Framework compile against.
    /// </summary>
    static readonly HashSet<string> CommonNames =
    [
        "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Collections.Concurrent", "System.Linq",
        "System.Linq.Queryable", "System.Linq.Expressions", "System.Console", "System.Memory", "System.Text.RegularExpressions",
        "System.Text.Json", "System.Text.Encoding.Extensions", "System.Net.Http", "System.Net.Primitives", "System.Private.Uri",
        "System.Threading", "System.Threading.Tasks.Parallel", "System.Runtime.Numerics", "System.Runtime.InteropServices",
        "System.Diagnostics.Process", "System.ComponentModel.Primitives", "System.IO.Compression", "System.ObjectModel",
        "netstandard", "mscorlib",
    ];

    static (IReadOnlyList<MetadataReference>, IReadOnlyList<MetadataReference>) Split()
    {
        var common = All.ToLookup(r => CommonNames.Contains(Path.GetFileNameWithoutExtension(((PortableExecutableReference)r).FilePath) ?? ""));
        return (common[true].ToList(), common[false].ToList());
    }

    /// <summary>A file reference with the XML documentation found beside it, or in <paramref name="docDirectory"/>.</summary>
    public static PortableExecutableReference FromFile(string path, string? docDirectory = null)
    {
        var xml = Path.ChangeExtension(path, ".xml");
        if (!File.Exists(xml) && docDirectory is not null) xml = Path.Combine(docDirectory, Path.GetFileNameWithoutExtension(path) + ".xml");
        return File.Exists(xml)
            ? MetadataReference.CreateFromFile(path, documentation: XmlDocumentationProvider.CreateFromFile(xml))
            : MetadataReference.CreateFromFile(path);
    }

    /// <summary>Ref-pack files documenting what System.Private.CoreLib implements.</summary>
    static readonly string[] CoreLibDocumentation =
        ["System.Runtime.xml", "System.Collections.xml", "System.Threading.xml", "System.Memory.xml", "System.Runtime.InteropServices.xml"];

    static IReadOnlyList<MetadataReference> Build()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var docs = ReferencePackDirectory(runtimeDirectory);
        // Only the shared framework: the host's own package assemblies are added as loaded Assembly objects instead.
        return trusted
            .Where(p => p.StartsWith(runtimeDirectory, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.Ordinal))
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p) == "System.Private.CoreLib" && docs is not null
                ? MetadataReference.CreateFromFile(p, documentation: new MergedXmlDocumentation(CoreLibDocumentation.Select(f => Path.Combine(docs, f)).ToList()))
                : (MetadataReference)FromFile(p, docs))
            .ToList();
    }

    /// <summary>{dotnet}/packs/Microsoft.NETCore.App.Ref/{newest}/ref/net{major}.{minor} when present.</summary>
    static string? ReferencePackDirectory(string runtimeDirectory)
    {
        try
        {
            // runtimeDirectory is {dotnet}/shared/Microsoft.NETCore.App/{version}/
            var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(packs)) return null;
            var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
            return Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", tfm))
                .Where(Directory.Exists)
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
