using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmInteractive.Kernel.Tests.Extensions;

/// <summary>Compiles small assemblies on the fly, for #r and extension tests.</summary>
static class TestAssemblies
{
    /// <summary>Compiles <paramref name="source"/> into a uniquely named dll in a temp folder and returns its path.</summary>
    public static string Build(string name, string source) => Build(name, source, []);

    /// <summary>As <see cref="Build(string, string)"/>, compiled against <paramref name="references"/> too (e.g. a restored package's).</summary>
    public static string Build(string name, string source, IEnumerable<string> references)
    {
        var directory = Path.Combine(Path.GetTempPath(), "llmi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var assemblyName = $"{name}_{Guid.NewGuid():N}";
        var metadata = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.StartsWith(RuntimeEnvironment.GetRuntimeDirectory(), StringComparison.Ordinal))
            .Append(typeof(LlmInteractive.Kernel.Extensions.IKernelExtension).Assembly.Location)
            .Append(typeof(System.CommandLine.Command).Assembly.Location)
            .Concat(references)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)], metadata,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var path = Path.Combine(directory, assemblyName + ".dll");
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }
}
