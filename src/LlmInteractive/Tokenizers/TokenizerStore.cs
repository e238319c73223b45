using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// Saves and loads tokenizers as JSON with a "type" discriminator ("char", "bpe", "cl100k"), so a checkpoint can carry
/// the exact tokenizer its model was trained with. Formats:
/// <c>{"type":"char","alphabet":"..."}</c>, <c>{"type":"bpe","merges":[[l,r],...]}</c>, <c>{"type":"cl100k"}</c>.
/// </summary>
public static class TokenizerStore
{
    private const int FormatVersion = 1;

    public static string ToJson(ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var node = new JsonObject { ["type"] = tokenizer.Name, ["version"] = FormatVersion };
        switch (tokenizer)
        {
            case CharTokenizer chars:
                node["alphabet"] = chars.Alphabet;
                break;
            case BpeTokenizer bpe:
                node["merges"] = new JsonArray(bpe.Merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right)).ToArray());
                break;
            case Cl100kTokenizer:
                break;
            default:
                throw new NotSupportedException(
                    $"TokenizerStore cannot save a {tokenizer.GetType().FullName}; it knows CharTokenizer, BpeTokenizer and Cl100kTokenizer.");
        }
        return node.ToJsonString();
    }

    public static ITokenizer FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject
                ?? throw new FormatException("Tokenizer JSON must be an object like {\"type\":\"bpe\",...}.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Tokenizer JSON is not valid JSON: {e.Message}", e);
        }

        string type = node["type"]?.GetValue<string>()
            ?? throw new FormatException("Tokenizer JSON has no \"type\"; expected one of \"char\", \"bpe\", \"cl100k\".");
        return type switch
        {
            "char" => new CharTokenizer((node["alphabet"]?.GetValue<string>()
                ?? throw new FormatException("A \"char\" tokenizer needs an \"alphabet\" string.")).EnumerateRunes()),
            "bpe" => new BpeTokenizer(ReadMerges(node)),
            "cl100k" => Cl100kTokenizer.Shared,
            _ => throw new FormatException($"Unknown tokenizer type \"{type}\"; expected one of \"char\", \"bpe\", \"cl100k\"."),
        };
    }

    public static void Save(ITokenizer tokenizer, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json = ToJson(tokenizer);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, json);
    }

    public static ITokenizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No tokenizer file at {Path.GetFullPath(path)}; save one with TokenizerStore.Save first.", path);
        }
        return FromJson(File.ReadAllText(path));
    }

    private static List<(int, int)> ReadMerges(JsonObject node)
    {
        var merges = node["merges"] as JsonArray
            ?? throw new FormatException("A \"bpe\" tokenizer needs a \"merges\" array of [left, right] pairs.");
        var result = new List<(int, int)>(merges.Count);
        foreach (var merge in merges)
        {
            if (merge is not JsonArray { Count: 2 } pair)
            {
                throw new FormatException($"Merge {result.Count} is not a [left, right] pair: {merge?.ToJsonString() ?? "null"}.");
            }
            result.Add((pair[0]!.GetValue<int>(), pair[1]!.GetValue<int>()));
        }
        return result;
    }
}
