using System.CommandLine;
using System.CommandLine.Help;
using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Magics;

/// <summary>
/// Runs a parsed <see cref="MagicDirective"/>: finds the magic, parses its arguments with System.CommandLine,
/// answers <c>-h</c> with help, turns unknown magics and bad options into error outcomes, else calls the handler.
/// </summary>
public sealed class MagicDispatcher(MagicRegistry registry)
{
    /// <summary>The ename of unknown magics and bad arguments.</summary>
    public const string UsageError = MagicErrors.UsageError;

    public async Task<ExecutionOutcome> DispatchAsync(MagicDirective directive, IExecutionOutput output, IExtensionContext session,
        Func<string, CancellationToken, Task<ExecutionOutcome>> runCode, CancellationToken cancellation)
    {
        if (!registry.TryGet(directive.Name, out var magic))
        {
            var message = $"Unknown magic '#!{directive.Name}'. Run #!lsmagic to list the magics this kernel knows.";
            return ExecutionOutcome.Failed(UsageError, message, [message]);
        }
        var definition = WithHelpOption(magic.Definition);
        var parsed = definition.Parse(directive.Arguments);
        if (parsed.Action is HelpAction)
        {
            output.Stream("stdout", await HelpAsync(definition));
            return ExecutionOutcome.Ok();
        }
        if (parsed.Errors.Count > 0)
        {
            var errors = parsed.Errors.Select(e => e.Message).ToList();
            var message = $"#!{magic.Name}: {string.Join(" ", errors)} (run #!{magic.Name} -h for usage)";
            return ExecutionOutcome.Failed(UsageError, message, [message, .. (await HelpAsync(definition)).Split('\n')]);
        }
        var context = new MagicContext(parsed, directive.Body, output, session, runCode, cancellation);
        return await magic.Handler(context) ?? ExecutionOutcome.Ok();
    }

    /// <summary>Help text for a magic, with its usage written as the #! directive it is.</summary>
    public static async Task<string> HelpAsync(Command definition)
    {
        using var writer = new StringWriter();
        await WithHelpOption(definition).Parse(["-h"]).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer });
        return writer.ToString().Replace($"  {definition.Name} ", $"  #!{definition.Name} ", StringComparison.Ordinal)
            .Replace($"  {definition.Name}\n", $"  #!{definition.Name}\n", StringComparison.Ordinal);
    }

    static Command WithHelpOption(Command definition)
    {
        lock (definition)
        {
            if (!definition.Options.OfType<HelpOption>().Any()) definition.Options.Add(new HelpOption());
        }
        return definition;
    }
}
