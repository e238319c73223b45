using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

/// <summary>
/// #r "nuget: ..." input reaches the file system and MSBuild: only NuGet's id grammar and version (range) syntax may
/// pass, and the restore project stays under the cache.
/// </summary>
public sealed class NuGetReferenceRulesTests
{
    [Theory]
    [InlineData("../escape", "1.0.0")]
    [InlineData("/etc/passwd", "1.0.0")]
    [InlineData("..", "1.0.0")]
    [InlineData("$(HOME)", "1.0.0")]
    [InlineData("A;B", "1.0.0")]
    [InlineData("Newtonsoft.Json", "$([System.IO.File]::ReadAllText('/etc/passwd'))")]
    [InlineData("Newtonsoft.Json", "13.0.1;Other")]
    [InlineData("Newtonsoft.Json", "../../13.0.1")]
    [InlineData("Newtonsoft.Json", "%HOME%")]
    public async Task Ids_and_versions_outside_the_nuget_grammar_are_refused_before_anything_is_written(string id, string version)
    {
        var cache = Directory.CreateTempSubdirectory("llmi-nuget-rules-").FullName;
        try
        {
            var restorer = new NuGetRestorer(Path.Combine(cache, "nuget"));
            var error = await Assert.ThrowsAsync<NuGetRestoreException>(() => restorer.RestoreAsync(id, version));
            Assert.Contains("NuGet", error.Message);
            Assert.True(error.Message.Contains("package id") || error.Message.Contains("version"), error.Message);
            var written = Directory.GetFileSystemEntries(cache, "*", SearchOption.AllDirectories)
                .Where(p => !p.EndsWith(Path.DirectorySeparatorChar + "nuget", StringComparison.Ordinal)).ToList();
            Assert.True(written.Count == 0, $"the restorer wrote {string.Join(", ", written)}");
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Theory]
    [InlineData("Newtonsoft.Json", "13.0.1")]
    [InlineData("Microsoft.DotNet.Interactive", "1.0.0-beta.26120.1")]
    [InlineData("Plotly.NET", null)]
    [InlineData("My_Package-2", "1.*")]
    [InlineData("Some.Package", "[1.0, 2.0)")]
    [InlineData("Some.Package", "(,3.0]")]
    [InlineData("Some.Package", "*")]
    [InlineData("Some.Package", "1.2.3+build.5")]
    public void Ids_and_versions_nuget_accepts_pass(string id, string? version) =>
        NuGetReferenceRules.Check(id, version);
}
