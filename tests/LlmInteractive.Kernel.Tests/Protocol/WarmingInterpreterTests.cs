using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Protocol;

public class WarmingInterpreterTests
{
    sealed class Recorder : IExecutionOutput
    {
        public List<string> Streams { get; } = [];
        public void Stream(string name, string text) => Streams.Add(text);
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void Clear(bool wait) { }
    }

    static readonly ExecutionOptions Options = new(false, true, 1);

    [Fact]
    public async Task Cells_wait_for_the_warm_up_and_language_info_does_not()
    {
        var warmUp = new TaskCompletionSource();
        var interpreter = new WarmingInterpreter(new ScriptedInterpreter(), warmUp.Task);
        Assert.Equal("scripted", interpreter.Language.Name);

        var output = new Recorder();
        var cell = interpreter.ExecuteAsync("print hi", Options, output, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(cell.IsCompleted);
        warmUp.SetResult();
        Assert.Null((await cell).Error);
        Assert.Equal(["hi\n"], output.Streams);
    }

    [Fact]
    public async Task A_failed_warm_up_is_reported_by_each_cell_with_the_cause()
    {
        var interpreter = new WarmingInterpreter(new ScriptedInterpreter(),
            Task.FromException(new FileNotFoundException("Extension /x/LlmInteractive.dll was not found.")));
        var outcome = await interpreter.ExecuteAsync("print hi", Options, new Recorder(), CancellationToken.None);
        Assert.Equal("KernelStartupError", outcome.Error!.Name);
        Assert.Contains("LlmInteractive.dll was not found", outcome.Error.Value);
        Assert.Contains("restart the kernel", outcome.Error.Value);
        Assert.Equal("complete", (await interpreter.IsCompleteAsync("print a", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_interpreter_that_could_not_be_created_is_explained_and_language_info_still_answers()
    {
        var language = new ScriptedInterpreter().Language;
        var interpreter = new WarmingInterpreter(language, Task.FromException<IInterpreter>(new InvalidOperationException("Roslyn is missing.")), Task.CompletedTask);
        Assert.Same(language, interpreter.Language);
        var outcome = await interpreter.ExecuteAsync("print hi", Options, new Recorder(), CancellationToken.None);
        Assert.Contains("Roslyn is missing.", outcome.Error!.Value);
        Assert.Equal("unknown", (await interpreter.IsCompleteAsync("x", CancellationToken.None)).Status);
        Assert.Empty((await interpreter.CompleteAsync("x", 1, CancellationToken.None)).Matches);
    }
}

public class AnnouncedLanguageTests
{
    [Fact]
    public async Task The_kernel_verb_announces_the_language_the_csharp_interpreter_reports()
    {
        await using var csharp = new CSharpInterpreter();
        var announced = LlmInteractive.Cli.Verbs.KernelVerb.AnnouncedLanguage;
        Assert.Equal(csharp.Language with { HelpLinks = [] }, announced with { HelpLinks = [] });
        Assert.Equal(csharp.Language.HelpLinks, announced.HelpLinks);
    }
}
