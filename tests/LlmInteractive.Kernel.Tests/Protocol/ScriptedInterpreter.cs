using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Protocol;

/// <summary>
/// A tiny interpreter for protocol tests: each line of a cell is one command, so the tests control outputs,
/// errors and how a cell reacts to interruption without Roslyn.
///   print TEXT | eprint TEXT | result TEXT | fail MESSAGE | display ID TEXT | update ID TEXT | clear
///   var NAME = VALUE; (prints NAME=VALUE, as injected parameters look) | // comment
///   touch PATH (a side effect tests look for) | loop (polls its token) | sleep (blocks; an interrupt wakes it) | hang (ignores interrupts)
/// </summary>
sealed class ScriptedInterpreter : IInterpreter
{
    public int Executed;
    public volatile bool ReleaseHang;

    public LanguageInfo Language { get; } = new("scripted", "1.0", "text/x-scripted", ".txt", "text", "text",
        "Scripted test interpreter", [("Docs", "https://example.org/docs")]);

    public Task<ExecutionOutcome> ExecuteAsync(string code, ExecutionOptions options, IExecutionOutput output, CancellationToken cancellation)
    {
        Interlocked.Increment(ref Executed);
        MimeBundle? result = null;
        foreach (var line in code.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 3);
            var argument = line.Length > parts[0].Length ? line[(parts[0].Length + 1)..] : "";
            switch (parts[0])
            {
                case "print": output.Stream("stdout", argument + "\n"); break;
                case "eprint": output.Stream("stderr", argument + "\n"); break;
                case "result": result = Text(argument); break;
                case "fail": return Task.FromResult(ExecutionOutcome.Failed("ScriptError", argument, ["ScriptError: " + argument]));
                case "display": output.Display(Text(parts[2]), parts[1], update: false); break;
                case "update": output.Display(Text(parts[2]), parts[1], update: true); break;
                case "clear": output.Clear(wait: false); break;
                case "//": break;
                case "var": output.Stream("stdout", argument.TrimEnd(';').Replace(" = ", "=") + "\n"); break;
                case "touch": File.WriteAllText(argument, "ran"); break;
                case "loop":
                    while (!cancellation.IsCancellationRequested) Thread.Sleep(5);
                    return Task.FromResult(Interrupted());
                case "sleep":
                    // What the real interpreter does: the cell's token interrupts the cell's thread.
                    var thread = Thread.CurrentThread;
                    using (cancellation.Register(thread.Interrupt))
                    {
                        try { Thread.Sleep(TimeSpan.FromMinutes(5)); }
                        catch (ThreadInterruptedException) { return Task.FromResult(Interrupted()); }
                    }
                    break;
                case "hang":
                    while (!ReleaseHang) Thread.SpinWait(1000);
                    break;
                default:
                    return Task.FromResult(ExecutionOutcome.Failed("UnknownCommand", parts[0], ["unknown command " + parts[0]]));
            }
        }
        return Task.FromResult(ExecutionOutcome.Ok(result));
    }

    static ExecutionOutcome Interrupted() => ExecutionOutcome.Failed("Interrupted", "interrupted", ["interrupted"]);

    static MimeBundle Text(string text) => new(new Dictionary<string, object> { ["text/plain"] = text });

    static readonly string[] Commands = ["print", "eprint", "result", "fail", "display", "update", "clear", "touch", "loop", "sleep", "hang"];

    public Task<Completion> CompleteAsync(string code, int cursorPosition, CancellationToken cancellation)
    {
        var start = code.LastIndexOfAny([' ', '\n'], Math.Max(0, cursorPosition - 1)) + 1;
        var prefix = code[start..cursorPosition];
        var matches = Commands.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return Task.FromResult(new Completion(matches, start, cursorPosition,
            matches.Select(m => new CompletionItem(m, "keyword", start, cursorPosition)).ToList()));
    }

    public Task<MimeBundle?> InspectAsync(string code, int cursorPosition, int detailLevel, CancellationToken cancellation) =>
        Task.FromResult(code.Contains("print") ? Text("print TEXT: writes TEXT to stdout") : null);

    public Task<(string Status, string Indent)> IsCompleteAsync(string code, CancellationToken cancellation) =>
        Task.FromResult(code.TrimEnd().EndsWith('\\') ? ("incomplete", "  ") : ("complete", ""));
}
