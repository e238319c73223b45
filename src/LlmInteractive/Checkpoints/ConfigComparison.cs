using System.Text.Json;

namespace LlmInteractive.Checkpoints;

/// <summary>Field-by-field differences between two configuration records, compared as their JSON.</summary>
static class ConfigComparison
{
    public static List<string> Differences(JsonElement saved, JsonElement current)
    {
        var differences = new List<string>();
        if (saved.ValueKind != JsonValueKind.Object || current.ValueKind != JsonValueKind.Object)
        {
            if (!JsonElement.DeepEquals(saved, current))
                differences.Add($"config: checkpoint {saved.GetRawText()}, model {current.GetRawText()}");
            return differences;
        }

        var savedFields = saved.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var currentFields = current.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        foreach (var name in savedFields.Keys.Union(currentFields.Keys))
        {
            var inSaved = savedFields.TryGetValue(name, out var a);
            var inCurrent = currentFields.TryGetValue(name, out var b);
            if (inSaved && inCurrent && JsonElement.DeepEquals(a, b)) continue;
            differences.Add($"{name}: checkpoint {(inSaved ? a.GetRawText() : "(absent)")}, model {(inCurrent ? b.GetRawText() : "(absent)")}");
        }

        return differences;
    }

    public static List<string> ShapeDifferences(IReadOnlyDictionary<string, long[]> saved, IReadOnlyDictionary<string, long[]> current)
    {
        static string Show(long[]? shape) => shape is null ? "(absent)" : $"[{string.Join(", ", shape)}]";
        var differences = new List<string>();
        foreach (var name in saved.Keys.Union(current.Keys))
        {
            saved.TryGetValue(name, out var a);
            current.TryGetValue(name, out var b);
            if (a is not null && b is not null && a.SequenceEqual(b)) continue;
            differences.Add($"{name}: checkpoint {Show(a)}, model {Show(b)}");
        }

        return differences;
    }
}
