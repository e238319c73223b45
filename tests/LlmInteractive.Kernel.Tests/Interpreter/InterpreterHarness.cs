using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

/// <summary>Runs cells on a <see cref="CSharpInterpreter"/> the way the kernel core does.</summary>
public static class InterpreterHarness
{
    static int count;

    public static async Task<(ExecutionOutcome Outcome, RecordingOutput Output)> RunAsync(
        this CSharpInterpreter interpreter, string code, CancellationToken cancellation = default, RecordingOutput? output = null)
    {
        output ??= new RecordingOutput();
        var outcome = await interpreter.ExecuteAsync(code, new ExecutionOptions(false, true, Interlocked.Increment(ref count)), output, cancellation);
        return (outcome, output);
    }

    /// <summary>Runs a cell that prints "started" first, and interrupts it <paramref name="after"/> that line arrives.</summary>
    public static Task<(ExecutionOutcome Outcome, RecordingOutput Output)> RunAndInterruptAsync(
        this CSharpInterpreter interpreter, string code, TimeSpan after, CancellationTokenSource interrupt)
    {
        var output = new RecordingOutput(text => { if (text.Contains("started")) interrupt.CancelAfter(after); });
        return interpreter.RunAsync("Console.WriteLine(\"started\");\n" + code, interrupt.Token, output);
    }

    /// <summary>Runs a cell that must succeed; returns its text/plain result (null when it has none).</summary>
    public static async Task<string?> ResultAsync(this CSharpInterpreter interpreter, string code)
    {
        var (outcome, _) = await interpreter.RunAsync(code);
        Assert.True(outcome.Error is null, $"cell failed: {outcome.Error?.Name}: {outcome.Error?.Value}");
        return outcome.Result?.Data["text/plain"] as string;
    }
}

/// <summary>Interpreter tests share process-wide stdout capture, so they run one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InterpreterCollection
{
    public const string Name = "C# interpreter";
}
