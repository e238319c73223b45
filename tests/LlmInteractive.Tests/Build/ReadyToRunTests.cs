using System.Reflection.PortableExecutable;
using LlmInteractive.Tests.NativeLoading;

namespace LlmInteractive.Tests.Build;

/// <summary>
/// The llm-interactive build output holds Roslyn ReadyToRun-compiled (its NuGet assemblies are IL only, so a kernel's
/// first cell jitted the compiler) and nothing else: compiling every assembly made warm cells slower (README, Performance).
/// </summary>
public class ReadyToRunTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    static string Output(string file)
    {
        var path = Path.Combine(NativeFiles.RepositoryRoot(), "src", "LlmInteractive.Cli", "bin", Configuration, "net10.0", file);
        Assert.True(File.Exists(path), $"{path} is missing; build it with: dotnet build src/LlmInteractive.Cli");
        return path;
    }

    /// <summary>Whether the file carries native code beside its IL (a ReadyToRun image's managed native header).</summary>
    static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    [Theory]
    [InlineData("Microsoft.CodeAnalysis.dll")]
    [InlineData("Microsoft.CodeAnalysis.CSharp.dll")]
    [InlineData("Microsoft.CodeAnalysis.Scripting.dll")]
    [InlineData("Microsoft.CodeAnalysis.CSharp.Features.dll")]
    public void Roslyn_is_compiled_ahead_of_time(string file) => Assert.True(IsReadyToRun(Output(file)), file);

    [Theory]
    [InlineData("llm-interactive.dll")]
    [InlineData("LlmInteractive.Kernel.dll")]
    [InlineData("LlmInteractive.dll")]
    [InlineData("NetMQ.dll")]
    [InlineData("Microsoft.DotNet.Interactive.Formatting.dll")]
    public void Everything_else_stays_IL_only(string file) => Assert.False(IsReadyToRun(Output(file)), file);
}
