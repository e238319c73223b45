using System.Text.Json;
using LlmInteractive.Data;

namespace LlmInteractive.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Reads_the_package_layout_and_labels_spam_by_group()
    {
        string root = Path.Combine(Path.GetTempPath(), $"llmi-datasets-{Guid.NewGuid():N}");
        try
        {
            WritePackageLayout(root, "moby-dick", [("chapter_1", new { chapter = "1", title = "Loomings.", text = "Call me Ishmael.\n" }),
                                                   ("epilogue", new { chapter = "Epilogue", title = "", text = "The drama's done.\n" })]);
            WritePackageLayout(root, "spam-assassin", [("spam-1/00001.aa", new { id = "00001", group = "spam-1", text = "Buy now" }),
                                                       ("hard-ham-1/00001.bb", new { id = "00001", group = "hard-ham-1", text = "Meeting at 3" })]);

            Assert.Equal("Call me Ishmael.\n\nThe drama's done.\n", Datasets.MobyDick(root));
            Assert.Equal("Epilogue", Datasets.MobyDickSections(root)[1].Chapter);
            var messages = Datasets.SpamAssassin(root);
            Assert.Equal([true, false], messages.Select(m => m.IsSpam));
            Assert.Equal("hard-ham-1", messages[1].Group);
            Assert.Equal("Meeting at 3", messages[1].Text);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Missing_dataset_names_the_fetch_script()
    {
        string root = Path.Combine(Path.GetTempPath(), $"llmi-empty-{Guid.NewGuid():N}");
        var error = Assert.Throws<FileNotFoundException>(() => Datasets.MobyDick(root));
        Assert.Contains("bash environment/fetch-datasets.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("bash environment/fetch-datasets.sh", Assert.Throws<FileNotFoundException>(() => Datasets.SpamAssassin(root)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_dataset_names_the_missing_file_and_the_fetch_script()
    {
        string root = Path.Combine(Path.GetTempPath(), $"llmi-partial-{Guid.NewGuid():N}");
        try
        {
            WritePackageLayout(root, "moby-dick", [("chapter_1", new { chapter = "1", title = "Loomings.", text = "Call me Ishmael.\n" })]);
            File.Delete(Path.Combine(root, "moby-dick", "chapter_1.json"));
            var error = Assert.Throws<FileNotFoundException>(() => Datasets.MobyDick(root));
            Assert.Contains("chapter_1.json", error.Message, StringComparison.Ordinal);
            Assert.Contains("bash environment/fetch-datasets.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Root_is_the_datasets_folder_beside_the_solution()
    {
        if (Environment.GetEnvironmentVariable(Datasets.EnvironmentVariable) is { Length: > 0 }) return;
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Datasets.Root)!, "Research.sln")), Datasets.Root);
        Assert.Equal("datasets", Path.GetFileName(Datasets.Root));
    }

    [Fact]
    public void Fetched_datasets_load_when_present_else_name_the_fetch_script()
    {
        try
        {
            string book = Datasets.MobyDick();
            Assert.InRange(book.Length, 1_150_000, 1_300_000);
            Assert.StartsWith("CONTENTS", book, StringComparison.Ordinal);
            Assert.Contains("Call me Ishmael.", book, StringComparison.Ordinal);
            var mail = Datasets.SpamAssassin();
            Assert.Equal(6046, mail.Count);
            Assert.Equal(1896, mail.Count(m => m.IsSpam)); // spam-1 (500) + spam-2 (1396)
        }
        catch (FileNotFoundException error)
        {
            Assert.Contains("bash environment/fetch-datasets.sh", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Local_text_files_load_and_missing_ones_are_named()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "héllo\n");
            Assert.Equal("héllo\n", Datasets.LoadText(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Contains("/no/such/file.txt", Assert.Throws<FileNotFoundException>(() => Datasets.LoadText("/no/such/file.txt")).Message,
            StringComparison.Ordinal);
    }

    // file_list.json lists entries as .txt (as the npm packages do); each entry's data is the .json beside it.
    private static void WritePackageLayout(string root, string name, (string Entry, object Json)[] entries)
    {
        string folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "file_list.json"), JsonSerializer.Serialize(entries.Select(e => e.Entry + ".txt")));
        foreach (var (entry, json) in entries)
        {
            string path = Path.Combine(folder, entry + ".json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(json));
        }
    }
}
