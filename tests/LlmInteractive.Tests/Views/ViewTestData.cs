using AngleSharp.Html.Parser;
using LlmInteractive.Evaluation;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Models;
using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Views;

/// <summary>Deterministic inputs for the view tests.</summary>
static class ViewTestData
{
    /// <summary>Random attention with rows that sum to 1 over the visible keys (k ≤ q when causal).</summary>
    public static AttentionMaps Attention(int layers, int heads, IReadOnlyList<string> tokens, bool causal, int seed = 1)
    {
        var random = new Random(seed);
        var t = tokens.Count;
        var weights = new float[layers][][][];
        for (var l = 0; l < layers; l++)
        {
            weights[l] = new float[heads][][];
            for (var h = 0; h < heads; h++)
            {
                weights[l][h] = new float[t][];
                for (var q = 0; q < t; q++)
                {
                    var row = new float[t];
                    var visible = causal ? q + 1 : t;
                    double sum = 0;
                    for (var k = 0; k < visible; k++) sum += row[k] = 0.05f + random.NextSingle() * random.NextSingle();
                    for (var k = 0; k < visible; k++) row[k] = (float)(row[k] / sum);
                    weights[l][h][q] = row;
                }
            }
        }
        return new AttentionMaps(tokens, weights, causal);
    }

    public static IReadOnlyList<string> Tokens(int count) =>
        Enumerable.Range(0, count).Select(i => (i % 7) switch { 0 => " the", 1 => "\n", 2 => "cat", 3 => " sat", 4 => "\t", 5 => "<b>", _ => "é" }).ToArray();

    public static TokenProbabilities Probabilities() => new(
        ["The"],
        [
            new ScoredToken(5, " cat", 0.42, [new TokenAlternative(5, " cat", 0.42), new TokenAlternative(9, " dog", 0.31)]),
            new ScoredToken(7, " sat", 0.05, [new TokenAlternative(8, " is", 0.60), new TokenAlternative(7, " sat", 0.05)]),
            new ScoredToken(2, "\n", 0.9, [new TokenAlternative(2, "\n", 0.9)]),
        ],
        Generated: false);

    public static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>");
}

/// <summary>A character-level tokenizer over a fixed alphabet, standing in for the lab's tokenizers.</summary>
sealed class LetterTokenizer(string name = "letters") : ITokenizer
{
    const string Alphabet = " abcdefghijklmnopqrstuvwxyz\n.,";

    public string Name => name;

    public int VocabSize => Alphabet.Length;

    public IReadOnlyList<int> Encode(string text) => text.Select(c =>
        Alphabet.IndexOf(c) is var i and >= 0 ? i : throw new ArgumentException($"'{c}' is not in the alphabet")).ToArray();

    public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(TokenText));

    public string TokenText(int id) => Alphabet[id].ToString();
}

/// <summary>A tokenizer that cuts text into words with their leading space (like BPE's word pieces).</summary>
sealed class WordTokenizer : ITokenizer
{
    readonly List<string> vocabulary = [];

    public string Name => "words";

    public int VocabSize => vocabulary.Count;

    public IReadOnlyList<int> Encode(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\s?[^\s]+|\s").Select(m =>
        {
            var i = vocabulary.IndexOf(m.Value);
            if (i >= 0) return i;
            vocabulary.Add(m.Value);
            return vocabulary.Count - 1;
        }).ToArray();

    public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(TokenText));

    public string TokenText(int id) => vocabulary[id];
}

/// <summary>Records what a cell would send to the front end.</summary>
public sealed class RecordingOutput : IExecutionOutput
{
    public List<(MimeBundle Bundle, string? DisplayId, bool Update)> Displays { get; } = [];
    public List<(string Name, string Text)> Streams { get; } = [];

    public void Stream(string name, string text)
    {
        lock (Streams) Streams.Add((name, text));
    }

    public void Display(MimeBundle bundle, string? displayId, bool update)
    {
        lock (Displays) Displays.Add((bundle, displayId, update));
    }

    public void Clear(bool wait) { }
}
