using System.Security.Cryptography;
using System.Text;

namespace LlmInteractive.Cli.Sweeps;

/// <summary>One parameter set of a sweep: one headless run of the notebook, in its own folder named by <see cref="Id"/>.</summary>
public sealed record SweepPoint(string Id, IReadOnlyList<(string Name, string Value)> Parameters)
{
    const int LongestReadableId = 80;

    /// <summary>
    /// The id is the parameters themselves (<c>layers=2,width=32</c>) so a folder says what it holds and the same
    /// parameters always land in the same folder, whatever the order of the points; a hash is appended when a
    /// value had to be changed to make a file name, so two points never share a folder.
    /// </summary>
    public static SweepPoint Create(IReadOnlyList<(string Name, string Value)> parameters)
    {
        if (parameters.Count == 0) return new SweepPoint("default", parameters);
        var readable = string.Join(',', parameters.Select(p => $"{p.Name}={p.Value}"));
        var safe = new string([.. readable.Select(c => char.IsAsciiLetterOrDigit(c) || c is '=' or ',' or '.' or '-' or '_' or '+' ? c : '_')]);
        if (safe == readable && safe.Length <= LongestReadableId && !safe.StartsWith('.')) return new SweepPoint(safe, parameters);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(readable)))[..10];
        return new SweepPoint($"{safe[..Math.Min(safe.Length, LongestReadableId)].TrimStart('.')}-{hash}", parameters);
    }
}
