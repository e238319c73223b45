using LlmInteractive.Extension;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Tests.Views;

namespace LlmInteractive.Tests.Extension;

/// <summary>
/// The lab knows no kernel; the extension connects the running cell's interrupt to it. A cell that calls
/// <c>trainer.Train(task, view)</c> without a token stops when the cell is interrupted.
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class CellInterruptTests
{
    [Fact]
    public async Task Interrupting_a_cell_stops_training_that_was_given_no_token()
    {
        // A session of its own: training here must not change the shared session's model.
        await using var interpreter = new CSharpInterpreter();
        await interpreter.Extensions.LoadAsync(typeof(LlmExtension).Assembly);
        var setup = await RunAsync(interpreter, """
            var corpus = CharTokenizer.FromCorpus("the cat sat on the mat. a dog ran.\n");
            var tiny = new Gpt(new GptConfig(corpus.VocabSize, ContextLength: 8, Layers: 1, Heads: 1, EmbeddingSize: 8));
            var endless = new Trainer(tiny.Module, new TrainingOptions { Steps = 1_000_000, WarmupSteps = 1, EvaluationInterval = 0, ProgressInterval = 1 });
            var task = TrainingTask.NextToken(tiny, new TokenBatches(corpus.Encode("the cat sat on the mat. a dog ran.\n"), batchSize: 2, contextLength: 8));
            """, new RecordingOutput(), CancellationToken.None);
        Assert.True(setup.Error is null, $"{setup.Error?.Name}: {setup.Error?.Value}");

        // Interrupt once the live view shows the first report: training is then under way.
        using var interrupt = new CancellationTokenSource();
        var output = new InterruptOnFirstDisplay(interrupt);
        var training = await RunAsync(interpreter, "endless.Train(task, new TrainingProgressView(\"endless\"));", output, interrupt.Token);

        Assert.NotNull(training.Error);
        Assert.Equal(CellErrors.Interrupted, training.Error.Name);
        var steps = await RunAsync(interpreter, "endless.CompletedSteps", new RecordingOutput(), CancellationToken.None);
        var completed = int.Parse((string)steps.Result!.Data["text/plain"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(completed, 1, 999_999);
    }

    static int count;

    static Task<ExecutionOutcome> RunAsync(CSharpInterpreter interpreter, string code, IExecutionOutput output, CancellationToken cancellation) =>
        interpreter.ExecuteAsync(code, new ExecutionOptions(false, true, Interlocked.Increment(ref count)), output, cancellation);

    sealed class InterruptOnFirstDisplay(CancellationTokenSource interrupt) : IExecutionOutput
    {
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) => interrupt.Cancel();
        public void Clear(bool wait) { }
    }
}
