using System.Text;
using System.Text.RegularExpressions;

namespace LlmInteractive.Benchmarks;

/// <summary>The benchmark's training text: Moby Dick from datasets/ when present, else a fixed synthetic text.</summary>
static partial class BenchmarkText
{
    public static (string Text, string Source) Load(string? path)
    {
        if (path is not null)
        {
            if (File.Exists(path)) return (File.ReadAllText(path), path);
            if (Directory.Exists(path)) return (Chapters(path), path);
            throw new FileNotFoundException($"No benchmark text at '{path}'; pass a text file or a folder of .txt files.", path);
        }

        try
        {
            return (Data.Datasets.MobyDick(), "Moby Dick (datasets/moby-dick)");
        }
        catch (IOException)
        {
            return (Synthetic(), "synthetic text (datasets/moby-dick not fetched: bash environment/fetch-datasets.sh)");
        }
    }

    // chapter_2 before chapter_10: order by the number in the name.
    static string Chapters(string directory)
    {
        var files = Directory.GetFiles(directory, "*.txt")
            .OrderBy(f => Number().Match(Path.GetFileName(f)) is { Success: true } m ? int.Parse(m.Value) : int.MaxValue)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0) throw new FileNotFoundException($"The folder '{directory}' has no .txt files to train on.");
        return string.Concat(files.Select(File.ReadAllText));
    }

    static string Synthetic()
    {
        string[] words = ["the", "whale", "sea", "ship", "captain", "white", "deep", "and", "of", "a", "to", "in", "harpoon", "wind", "sailed", "over"];
        var random = new Random(1337);
        var text = new StringBuilder();
        while (text.Length < 500_000)
        {
            var sentence = Enumerable.Range(0, random.Next(5, 15)).Select(_ => words[random.Next(words.Length)]);
            text.Append(string.Join(' ', sentence)).Append(". ");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
