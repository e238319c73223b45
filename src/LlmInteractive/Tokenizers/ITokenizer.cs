namespace LlmInteractive.Tokenizers;

/// <summary>Text ↔ token ids. Every tokenizer in the lab (char, byte-level BPE, cl100k view) implements this.</summary>
public interface ITokenizer
{
    /// <summary>Short name shown in views: "char", "bpe", "cl100k".</summary>
    string Name { get; }

    int VocabSize { get; }

    IReadOnlyList<int> Encode(string text);

    /// <summary>Inverse of <see cref="Encode"/>: Decode(Encode(s)) == s. Unknown ids throw with the valid range.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>The text one token stands for, for display (a partial UTF-8 sequence is shown as its bytes, e.g. "\xE2").</summary>
    string TokenText(int id);
}
