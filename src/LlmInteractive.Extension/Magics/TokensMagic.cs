using System.CommandLine;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Tokenizers;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary><c>#!tokens [--tokenizer char|bpe|cl100k|VAR]... TEXT</c>: how tokenizers cut a text, side by side.</summary>
static class TokensMagic
{
    /// <summary>Merges learned for the built-in "bpe" when it is trained on the text itself.</summary>
    const int BuiltInBpeMerges = 64;

    public static MagicCommand Create()
    {
        var tokenizers = new Option<string[]>("--tokenizer", "-t")
        {
            Description = "char (alphabet of the text), bpe (byte-level BPE trained on the text), cl100k (GPT-4's), or a session " +
                          "variable holding an ITokenizer; repeat to compare. Default: char, bpe and cl100k.",
            AllowMultipleArgumentsPerToken = false,
        };
        var text = MagicText.Argument("TEXT", "The text to tokenize.");
        var command = new Command("tokens", "Show the tokens (texts, ids, boundaries) several tokenizers make of a text.") { tokenizers, text };
        return new MagicCommand(command, MagicHandlers.Guarded("tokens", context =>
        {
            var input = MagicText.Get(context, text);
            var names = context.Arguments.GetValue(tokenizers) is { Length: > 0 } given ? given : ["char", "bpe", "cl100k"];
            var view = new TokenizationView(input, names.Select(name => Resolve(context, name, input)).ToArray());
            MagicOutput.Show(context, view);
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }

    static ITokenizer Resolve(MagicContext context, string name, string text)
    {
        if (context.Session.Variables.TryGet(name, out var value))
            return value as ITokenizer ?? throw new MagicUsageException($"Variable '{name}' is a {value?.GetType().Name ?? "null"}, not an ITokenizer.");
        return name switch
        {
            "char" => CharTokenizer.FromCorpus(text),
            "bpe" => BpeTokenizer.Train(text, 256 + BuiltInBpeMerges),
            "cl100k" => Cl100kTokenizer.Shared,
            _ => throw new MagicUsageException($"Unknown tokenizer '{name}': use char, bpe, cl100k or the name of a session variable holding an ITokenizer."),
        };
    }
}
