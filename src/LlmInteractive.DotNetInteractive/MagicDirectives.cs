using System.CommandLine;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace LlmInteractive.DotNetInteractive;

/// <summary>
/// Our magics as .NET Interactive directives. The directive declares the magic's options (its parser refuses others, and
/// completion lists them), none as required; the line itself is parsed by the magic's own System.CommandLine
/// definition, as in our kernel, so both hosts accept the same arguments and report the same usage errors.
/// </summary>
static class MagicDirectives
{
    public static KernelActionDirective For(MagicCommand magic)
    {
        var directive = new KernelActionDirective("#!" + magic.Name) { Description = magic.Definition.Description };
        // Each option under its name and its aliases (-t for --tokenizer), as our kernel accepts them.
        foreach (var option in magic.Definition.Options.Where(o => o is not System.CommandLine.Help.HelpOption))
        foreach (var name in option.Aliases.Prepend(option.Name).Distinct())
            directive.Parameters.Add(new KernelDirectiveParameter(name, option.Description)
            {
                Flag = option.ValueType == typeof(bool),
                MaxOccurrences = option.AllowMultipleArgumentsPerToken || option.Arity.MaximumNumberOfValues > 1 ? int.MaxValue : 1,
            });
        // Help as in our kernel (the magic's own definition answers it); .NET Interactive refuses undeclared parameters.
        foreach (var name in new[] { "-h", "--help" })
            directive.Parameters.Add(new KernelDirectiveParameter(name, "Show help and usage information.") { Flag = true });
        // The magic's positional text (PROMPT, TEXT, N): .NET Interactive takes it as one parameter written without a name.
        if (magic.Definition.Arguments.FirstOrDefault() is { } argument)
            directive.Parameters.Add(new KernelDirectiveParameter("--" + argument.Name.ToLowerInvariant(), argument.Description)
            {
                AllowImplicitName = true,
            });
        return directive;
    }

    public static async Task RunAsync(MagicCommand magic, KernelCommand command, KernelInvocationContext context, CSharpKernelSession session)
    {
        if (!MagicDirective.TryParse(DirectiveLine(magic, command), out var directive))
        {
            context.Fail(command, message: $"#!{magic.Name}: could not read the directive line.");
            return;
        }
        var output = new InvocationOutput(context);
        ExecutionOutcome outcome;
        using (CurrentCell.Use(output, context.CancellationToken))
            outcome = await new MagicDispatcher(session.Magics).DispatchAsync(directive, output, session, RunCodeUnsupported, context.CancellationToken);
        if (outcome.Result is { } result) output.Display(result, displayId: null, update: false);
        if (outcome.Error is { } error) context.Fail(command, message: string.Join("\n", error.Traceback.DefaultIfEmpty(error.Value)));
    }

    /// <summary>The directive as written: .NET Interactive's DirectiveCommand prints as "Directive: #!name ...".</summary>
    static string DirectiveLine(MagicCommand magic, KernelCommand command)
    {
        const string prefix = "Directive: ";
        var text = command.ToString() ?? "";
        if (text.StartsWith(prefix, StringComparison.Ordinal)) return text[prefix.Length..];
        // Else the line of the submitted cell that starts with this directive.
        return (command.Parent as SubmitCode)?.Code.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l == "#!" + magic.Name || l.StartsWith("#!" + magic.Name + " ", StringComparison.Ordinal)) ?? "";
    }

    /// <summary>None of the LLM magics runs a cell body; .NET Interactive submits the lines after a directive itself.</summary>
    static Task<ExecutionOutcome> RunCodeUnsupported(string code, CancellationToken cancellation) =>
        Task.FromResult(ExecutionOutcome.Failed("NotSupported", "Running a cell body from a magic is not supported in .NET Interactive.", []));
}
