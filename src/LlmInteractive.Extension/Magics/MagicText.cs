using System.CommandLine;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Extension;

/// <summary>The TEXT of a magic: the words after the options, or, when there are none, the rest of the cell.</summary>
static class MagicText
{
    public static Argument<string[]> Argument(string name, string description) => new(name)
    {
        Description = description + " Quote it to keep spaces; or leave it out and write the text on the lines below the magic.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static string Get(MagicContext context, Argument<string[]> argument)
    {
        var words = context.Arguments.GetValue(argument) ?? [];
        var text = words.Length > 0 ? string.Join(" ", words) : context.Body.TrimEnd('\r', '\n');
        if (text.Length == 0)
            throw new MagicUsageException($"Give the {argument.Name} after the options, or on the lines below the magic.");
        return text;
    }
}
