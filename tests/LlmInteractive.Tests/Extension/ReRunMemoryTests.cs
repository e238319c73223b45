using System.Diagnostics;

namespace LlmInteractive.Tests.Extension;

/// <summary>
/// Re-running <c>var model = new Gpt(...)</c>, the most common thing done in a notebook, must not keep every earlier
/// model: the shadowed declarations let go of theirs, and the tensors' finalizers return the native memory.
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class ReRunMemoryTests(ExtensionSession session)
{
    const string Collect = "GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();\n";
    const string ModelCell =
        "var rerunModel = new Gpt(new GptConfig(256, ContextLength: 64, Layers: 4, Heads: 4, EmbeddingSize: 512));\n" +
        "rerunModels.Add(new WeakReference(rerunModel));";

    [Fact]
    public async Task Re_running_a_model_cell_twenty_times_keeps_about_one_model()
    {
        await session.OkAsync("var rerunModels = new List<WeakReference>();");
        await session.OkAsync(ModelCell);
        var bytes = long.Parse(await ValueAsync("rerunModel.parameters().Sum(p => p.numel()) * 4"), System.Globalization.CultureInfo.InvariantCulture);
        await session.OkAsync(Collect);
        var before = Resident();
        for (var run = 1; run < 20; run++) await session.OkAsync(ModelCell);
        var alive = await ValueAsync(Collect + "rerunModels.Count(w => w.IsAlive)");
        var grown = Resident() - before;

        // Only the newest model is still reachable; the process holds at most a few models' worth more than after the first.
        Assert.True(alive == "1", $"{alive} of 20 models still reachable; resident memory grew {grown / 1e6:0} MB ({bytes / 1e6:0} MB a model)");
        Assert.True(grown < 4 * bytes, $"resident memory grew {grown / 1e6:0} MB over 19 re-runs of a {bytes / 1e6:0} MB model");
        await session.OkAsync("rerunModel.Dispose(); rerunModels.Clear();");
    }

    async Task<string> ValueAsync(string code)
    {
        var (outcome, _) = await session.RunAsync(code);
        Assert.True(outcome.Error is null, $"{outcome.Error?.Name}: {outcome.Error?.Value}");
        return (string)outcome.Result!.Data["text/plain"];
    }

    static long Resident()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
