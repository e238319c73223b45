using System.Text.RegularExpressions;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// What a <c>#r "nuget: Id, Version"</c> may say. Both parts end up in a folder name and in an MSBuild project, so
/// anything outside NuGet's own grammar (path separators, <c>$(...)</c> properties, <c>;</c> item separators) is
/// refused with the rule, instead of reaching the file system or being evaluated by MSBuild.
/// </summary>
public static partial class NuGetReferenceRules
{
    /// <summary>NuGet's package id limit.</summary>
    public const int MaxIdLength = 100;

    // NuGet's id grammar: word characters in runs separated by single '.', '-' or '_'.
    [GeneratedRegex(@"^\w+(?:[_.-]\w+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Id();

    // A version (1, 1.2, 1.2.3, 1.2.3.4, floating 1.*, prerelease -beta.1, metadata +build) or a floating '*'.
    const string Version = @"(?:\*|\d+(?:\.(?:\d+|\*)){0,3}(?:-[0-9A-Za-z*]+(?:[.-][0-9A-Za-z*]+)*)?(?:\+[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*)?)";

    [GeneratedRegex($@"^{Version}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainVersion();

    // An interval: [1.0, 2.0), (,3.0], [1.0] ...
    [GeneratedRegex($@"^[\[(]\s*{Version}?\s*(?:,\s*{Version}?\s*)?[\])]$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionRange();

    /// <summary>Throws <see cref="NuGetRestoreException"/> naming the rule when the id or version is not NuGet's.</summary>
    public static void Check(string packageId, string? version)
    {
        if (string.IsNullOrEmpty(packageId) || packageId.Length > MaxIdLength || !Id().IsMatch(packageId))
            throw new NuGetRestoreException(
                $"'{packageId}' is not a NuGet package id: an id is at most {MaxIdLength} letters, digits, '.', '-' and '_' " +
                "(no spaces, slashes, '$' or ';'), e.g. #r \"nuget: Newtonsoft.Json, 13.0.4\".");
        if (version is not null && !PlainVersion().IsMatch(version) && !VersionRange().IsMatch(version))
            throw new NuGetRestoreException(
                $"'{version}' is not a NuGet version or version range for {packageId}: use a version such as 13.0.4 or " +
                "1.0.0-beta.1, a floating one such as 13.*, or a range such as [1.0, 2.0).");
    }
}
