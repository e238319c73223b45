using System.CommandLine;
using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Magics;

/// <summary>
/// A <c>#!name</c> directive. <see cref="Definition"/> (System.CommandLine) declares its options and arguments,
/// which gives <c>-h</c> help and usage errors for free. The directive line is parsed with it; the lines after
/// the directive are the cell body the handler receives.
/// </summary>
/// <param name="Definition">The command; its Name is the magic's name without <c>#!</c>.</param>
/// <param name="Handler">Runs the magic. Returns the cell's outcome, or null for "ok, no result".</param>
public sealed record MagicCommand(Command Definition, MagicHandler Handler)
{
    public string Name => Definition.Name;
}

public delegate Task<ExecutionOutcome?> MagicHandler(MagicContext context);

/// <param name="Arguments">The directive line parsed with the magic's Definition.</param>
/// <param name="Body">The rest of the cell after the directive line (may be empty).</param>
/// <param name="Output">Streams and displays go here, as from a cell.</param>
/// <param name="Session">Variables and code submission of the running session.</param>
/// <param name="RunCode">Runs C# (e.g. the body) as a cell would, for magics such as <c>#!time</c>.</param>
public sealed record MagicContext(
    ParseResult Arguments,
    string Body,
    IExecutionOutput Output,
    IExtensionContext Session,
    Func<string, CancellationToken, Task<ExecutionOutcome>> RunCode,
    CancellationToken Cancellation);
