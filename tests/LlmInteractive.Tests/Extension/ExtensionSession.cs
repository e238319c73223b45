using LlmInteractive.Extension;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Tests.Views;

namespace LlmInteractive.Tests.Extension;

/// <summary>
/// One C# session with the LLM extension loaded and a tiny GPT and char tokenizer defined in cells, as a notebook
/// would have them (Roslyn start-up is paid once for all magic tests).
/// </summary>
public sealed class ExtensionSession : IAsyncLifetime
{
    static int count;

    public CSharpInterpreter Interpreter { get; } = new();

    public async Task InitializeAsync()
    {
        await Interpreter.Extensions.LoadAsync(typeof(LlmExtension).Assembly);
        var (outcome, _) = await RunAsync("""
            using TorchSharp;
            var tok = CharTokenizer.FromCorpus("the cat sat on the mat. a dog ran.\n");
            var gpt = new Gpt(new GptConfig(tok.VocabSize, ContextLength: 32, Layers: 2, Heads: 2, EmbeddingSize: 16));
            var notAModel = 42;
            """);
        Assert.True(outcome.Error is null, $"{outcome.Error?.Name}: {outcome.Error?.Value}");
    }

    public async Task DisposeAsync() => await Interpreter.DisposeAsync();

    public async Task<(ExecutionOutcome Outcome, RecordingOutput Output)> RunAsync(string code)
    {
        var output = new RecordingOutput();
        var outcome = await Interpreter.ExecuteAsync(code, new ExecutionOptions(false, true, Interlocked.Increment(ref count)), output, CancellationToken.None);
        return (outcome, output);
    }

    /// <summary>Runs a cell that must succeed.</summary>
    public async Task<RecordingOutput> OkAsync(string code)
    {
        var (outcome, output) = await RunAsync(code);
        Assert.True(outcome.Error is null, $"cell failed: {outcome.Error?.Name}: {outcome.Error?.Value}");
        return output;
    }
}

/// <summary>Interpreter tests share process-wide stdout capture, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExtensionCollection : ICollectionFixture<ExtensionSession>
{
    public const string Name = "LLM extension in a C# session";
}
