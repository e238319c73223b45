using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Models;

/// <summary>A fixed-alphabet character tokenizer, so model tests do not depend on the lab's tokenizers.</summary>
internal sealed class TinyCharTokenizer(string alphabet = "abcdefghijklmnopqrstuvwxyz .,!?") : ITokenizer
{
    public string Name => "test-char";
    public int VocabSize => alphabet.Length;

    public IReadOnlyList<int> Encode(string text) => text.Select(c =>
    {
        var id = alphabet.IndexOf(c, StringComparison.Ordinal);
        return id >= 0 ? id : throw new ArgumentException($"'{c}' is not in the test alphabet");
    }).ToList();

    public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(TokenText));

    public string TokenText(int id) => id >= 0 && id < alphabet.Length
        ? alphabet[id].ToString()
        : throw new ArgumentOutOfRangeException(nameof(id), $"id {id} is outside [0, {alphabet.Length})");
}
