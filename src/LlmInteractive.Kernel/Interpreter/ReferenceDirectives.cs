using System.Text.RegularExpressions;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>A <c>#r "..."</c> line of a cell: a NuGet package (<c>nuget: Name, Version</c>) or an assembly path.</summary>
public sealed record ReferenceDirective(int Line, string? PackageId, string? PackageVersion, string? AssemblyPath)
{
    public bool IsPackage => PackageId is not null;
}

/// <summary>
/// Takes the <c>#r</c> lines out of a cell before it is compiled (the interpreter resolves them itself, so it can
/// restore packages and load extensions). The lines are blanked, not removed, so compiler positions stay right.
/// </summary>
public static partial class ReferenceDirectives
{
    [GeneratedRegex("""^\s*#r\s+"(?<value>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex DirectivePattern();

    public static (string Code, IReadOnlyList<ReferenceDirective> Directives) Extract(string code)
    {
        var lines = code.Split('\n');
        var directives = new List<ReferenceDirective>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = DirectivePattern().Match(lines[i].TrimEnd('\r'));
            if (!match.Success) continue;
            directives.Add(Parse(match.Groups["value"].Value, i + 1));
            lines[i] = "";
        }
        return (string.Join('\n', lines), directives);
    }

    static ReferenceDirective Parse(string value, int line)
    {
        const string nuget = "nuget:";
        if (!value.StartsWith(nuget, StringComparison.OrdinalIgnoreCase)) return new(line, null, null, value.Trim());
        var parts = value[nuget.Length..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 2 || parts[0].Length == 0)
            throw new ArgumentException($"#r \"{value}\" (line {line}): write #r \"nuget: PackageName\" or #r \"nuget: PackageName, Version\".");
        return new(line, parts[0], parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null, null);
    }
}
