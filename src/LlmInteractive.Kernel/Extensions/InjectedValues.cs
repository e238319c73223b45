using System.Collections.Concurrent;
using System.ComponentModel;

namespace LlmInteractive.Kernel.Extensions;

/// <summary>
/// Hands a host object to the cell that declares it as a variable (<see cref="ISessionVariables.SetAsync"/>):
/// the host parks the value under a fresh key, the generated declaration takes it. Public only because cell
/// code must reach it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class InjectedValues
{
    static readonly ConcurrentDictionary<string, object?> parked = new();

    internal static string Park(object? value)
    {
        var key = Guid.NewGuid().ToString("N");
        parked[key] = value;
        return key;
    }

    public static object? Take(string key) =>
        parked.TryRemove(key, out var value)
            ? value
            : throw new InvalidOperationException($"No injected value under key '{key}'; each key can be taken once.");
}
