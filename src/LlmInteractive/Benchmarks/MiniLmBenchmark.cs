using System.Diagnostics;
using System.Globalization;
using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Benchmarks;

/// <summary>The pretrained MiniLM's forward pass timed in TorchSharp and in a peer on the same batch, same threads.</summary>
/// <param name="Texts">Rows in the batch.</param>
/// <param name="Length">Padded sequence length (longest text, [CLS]/[SEP] included).</param>
/// <param name="RealTokens">Non-padding tokens in the batch.</param>
/// <param name="TorchMilliseconds">Median TorchSharp forward (eval, no_grad, inputs already on the device).</param>
/// <param name="PeerMilliseconds">Median peer forward on the same arrays.</param>
/// <param name="SpeedRatio">
/// Median over the runs of peer time ÷ TorchSharp time, each pair timed back to back (robust to a machine whose load
/// drifts during the run): above 1 the lab is faster.
/// </param>
/// <param name="MaxAbsDifference">Largest |difference| of the two last_hidden_state tensors: both ran the same weights.</param>
public sealed record MiniLmBenchmarkResult(
    int Texts, int Length, long RealTokens, int Threads, int Runs, string Peer,
    double TorchMilliseconds, double PeerMilliseconds, double SpeedRatio, double MaxAbsDifference)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"batch {Texts} × {Length} tokens ({RealTokens} real), {Threads} thread(s), median of {Runs}: TorchSharp {TorchMilliseconds:F1} ms, " +
        $"{Peer} {PeerMilliseconds:F1} ms — TorchSharp at {SpeedRatio:F2}× {Peer}'s speed (median of paired runs; goal: ≥ 1.00); " +
        $"max |Δ last_hidden_state| {MaxAbsDifference:E1}");
}

/// <summary>
/// <c>bench</c>'s MiniLM section: all-MiniLM-L6-v2 encoding a batch of sentences from the benchmark text, the lab's
/// <see cref="PostLayerNormBert"/> beside ONNX Runtime running the package's own export. Runs alternate between the
/// two so a busy machine slows both alike. A benchmark, not a test.
/// </summary>
public static class MiniLmBenchmark
{
    public static MiniLmBenchmarkResult Run(PretrainedBert model, IHiddenStatePeer peer, int threads, int texts = 32, int runs = 15, int maxWords = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(peer);
        var callersThreads = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            using var batch = model.Tokenizer.EncodeBatch(Sentences(texts, maxWords));
            var (rows, length) = ((int)batch.Ids.shape[0], (int)batch.Ids.shape[1]);
            var ids = batch.Ids.data<long>().ToArray();
            var mask = batch.AttentionMask.data<long>().ToArray();
            var types = batch.TokenTypes.data<long>().ToArray();

            var wasTraining = model.Encoder.training;
            model.Encoder.eval();
            using var noGrad = no_grad();
            float[] Torch()
            {
                using var scope = NewDisposeScope();
                return model.HiddenStates(batch.Ids, batch.AttentionMask, batch.TokenTypes).data<float>().ToArray();
            }
            float[] Peer() => peer.LastHiddenState(ids, mask, types, rows, length);

            var (ours, theirs) = (Torch(), Peer()); // warm-up: JIT, allocator, the peer's graph optimisation
            var difference = ours.Zip(theirs, (a, b) => (double)Math.Abs(a - b)).Max();
            var (torchTimes, peerTimes) = (new List<double>(), new List<double>());
            for (var run = 0; run < runs; run++)
            {
                torchTimes.Add(Time(() => Torch()));
                peerTimes.Add(Time(() => Peer()));
            }
            if (wasTraining) model.Encoder.train();
            var ratios = torchTimes.Zip(peerTimes, (torchMs, peerMs) => peerMs / torchMs).ToList();
            return new MiniLmBenchmarkResult(rows, length, mask.Sum(), threads, runs, peer.Name,
                Median(torchTimes), Median(peerTimes), Median(ratios), difference);
        }
        finally
        {
            torch.set_num_threads(callersThreads);
        }
    }

    /// <summary>Consecutive sentences of the benchmark text with 8 to <paramref name="maxWords"/> words, as a corpus of short documents.</summary>
    static List<string> Sentences(int count, int maxWords)
    {
        var (text, _) = BenchmarkText.Load(null);
        var sentences = text.Split(['.', '!', '?'], StringSplitOptions.TrimEntries)
            .Select(s => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(s => s.Split(' ').Length >= 8 && s.Split(' ').Length <= maxWords)
            .Take(count)
            .ToList();
        if (sentences.Count < count) throw new InvalidOperationException($"The benchmark text has only {sentences.Count} sentences of 8 to {maxWords} words.");
        return sentences;
    }

    static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
