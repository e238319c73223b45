namespace LlmInteractive.Benchmarks;

/// <summary>Finds a repository file (datasets/, environment/) from the working directory or the program's directory upward.</summary>
public static class RepositoryPaths
{
    public static string? Find(string relative, bool directory = false)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (directory ? Directory.Exists(candidate) : File.Exists(candidate)) return candidate;
            }

        return null;
    }
}
