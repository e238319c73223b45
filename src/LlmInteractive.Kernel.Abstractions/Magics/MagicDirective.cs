using System.CommandLine.Parsing;

namespace LlmInteractive.Kernel.Magics;

/// <summary>
/// A cell that starts with <c>#!name args</c>: the magic's name, its arguments split as a shell would (double
/// quotes group words), and the body — the rest of the cell after the directive line.
/// </summary>
public sealed record MagicDirective(string Name, IReadOnlyList<string> Arguments, string Body, int BodyLine)
{
    /// <summary>
    /// Parses the first non-blank line when it is a <c>#!</c> directive; false for ordinary C# cells.
    /// <paramref name="directive"/>.BodyLine is the 1-based cell line the body starts on.
    /// </summary>
    public static bool TryParse(string code, out MagicDirective directive)
    {
        directive = null!;
        var lines = code.Split('\n');
        var index = 0;
        while (index < lines.Length && string.IsNullOrWhiteSpace(lines[index])) index++;
        if (index == lines.Length) return false;
        var line = lines[index].Trim();
        if (!line.StartsWith("#!", StringComparison.Ordinal) || line.Length == 2 || char.IsWhiteSpace(line[2])) return false;
        var text = line[2..];
        var end = text.IndexOfAny([' ', '\t']);
        var name = end < 0 ? text : text[..end];
        var arguments = end < 0 ? [] : CommandLineParser.SplitCommandLine(text[(end + 1)..]).ToList();
        var body = string.Join('\n', lines.Skip(index + 1));
        directive = new MagicDirective(name, arguments, body, index + 2);
        return true;
    }
}
