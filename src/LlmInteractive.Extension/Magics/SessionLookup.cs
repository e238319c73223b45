using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Models;
using LlmInteractive.Tokenizers;

namespace LlmInteractive.Extension;

/// <summary>Finds the models and tokenizers magics name, among the session's variables.</summary>
static class SessionLookup
{
    public static ILanguageModel Model(IExtensionContext session, string name)
    {
        var value = Variable(session, name, "model");
        return value as ILanguageModel ?? throw new MagicUsageException(
            $"Variable '{name}' is a {value?.GetType().Name ?? "null"}, not a language model; pass a Gpt, Bert or LstmLanguageModel variable.");
    }

    /// <summary>
    /// The tokenizer named <paramref name="name"/> (a variable, or "cl100k"), or when none is named the session's only
    /// tokenizer variable.
    /// </summary>
    public static ITokenizer Tokenizer(IExtensionContext session, string? name)
    {
        if (name is null)
        {
            var tokenizers = session.Variables.List().Where(v => v.Value is ITokenizer).ToList();
            return tokenizers.Count switch
            {
                1 => (ITokenizer)tokenizers[0].Value!,
                0 => throw new MagicUsageException("No tokenizer variable in the session; create one (e.g. var tok = CharTokenizer.FromCorpus(text);) or pass --tokenizer cl100k."),
                _ => throw new MagicUsageException(
                    $"Several tokenizers are defined ({string.Join(", ", tokenizers.Select(t => t.Name))}); choose one with --tokenizer NAME."),
            };
        }
        if (session.Variables.TryGet(name, out var value))
            return value as ITokenizer ?? throw new MagicUsageException($"Variable '{name}' is a {value?.GetType().Name ?? "null"}, not an ITokenizer.");
        if (name == "cl100k") return Cl100kTokenizer.Shared;
        throw new MagicUsageException($"No tokenizer variable named '{name}'. Defined tokenizers: {Names<ITokenizer>(session)}; or use cl100k.");
    }

    static object? Variable(IExtensionContext session, string name, string what)
    {
        if (session.Variables.TryGet(name, out var value)) return value;
        throw new MagicUsageException($"No variable named '{name}' in the session. Defined {what}s: {Names<ILanguageModel>(session)}.");
    }

    static string Names<T>(IExtensionContext session)
    {
        var names = session.Variables.List().Where(v => v.Value is T).Select(v => v.Name).ToList();
        return names.Count == 0 ? "none yet" : string.Join(", ", names);
    }
}
