using System.CommandLine;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Kernel.InteractiveExtensions;

/// <summary>
/// A directive a .NET Interactive extension added, as our magic of the same name: the directive line and the cell's
/// body go back to that kernel as one submission, so its own parser reads the line (as in dotnet-interactive) and the
/// body runs in our session.
/// </summary>
static class DirectiveMagic
{
    public delegate Task<string?> Submit(string code, IExecutionOutput output, CancellationToken cancellation);

    public static MagicCommand For(string directiveName, Submit submit)
    {
        var name = directiveName[2..];
        var words = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };
        var definition = new Command(name, $"A directive of a .NET Interactive extension; its own parser reads the line.") { words };
        definition.TreatUnmatchedTokensAsErrors = false;
        return new MagicCommand(definition, async context =>
        {
            var line = string.Join(' ', context.Arguments.Tokens.Select(t => Quoted(t.Value)).Prepend(directiveName));
            var failure = await submit(line + "\n" + context.Body, context.Output, context.Cancellation);
            return failure is null ? null : ExecutionOutcome.Failed("DirectiveError", failure, failure.Split('\n'));
        });
    }

    static string Quoted(string word) =>
        word.Any(char.IsWhiteSpace) ? "\"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : word;
}
