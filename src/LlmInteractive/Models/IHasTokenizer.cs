using LlmInteractive.Tokenizers;

namespace LlmInteractive.Models;

/// <summary>A model that comes with the tokenizer it was trained with (a pretrained model): views use it by default.</summary>
public interface IHasTokenizer
{
    ITokenizer Tokenizer { get; }
}
