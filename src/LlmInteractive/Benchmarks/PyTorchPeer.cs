using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LlmInteractive.Benchmarks;

/// <summary>Runs environment/bench_peer.py (the same training in PyTorch) and reads its JSON line.</summary>
static class PyTorchPeer
{
    /// <summary>The peer's figures, or the reason it could not run (missing Python/torch/script, failure, time-out).</summary>
    public static (PeerMeasurement? Peer, string? Problem) Run(TrainingBenchmarkOptions options, string textFile, int threads, TextWriter log)
    {
        var script = options.PeerScript ?? RepositoryPaths.Find(Path.Combine("environment", "bench_peer.py"));
        if (script is null || !File.Exists(script))
            return (null, "environment/bench_peer.py not found; run from the repository or set TrainingBenchmarkOptions.PeerScript.");
        var python = options.Python ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var c = CultureInfo.InvariantCulture;
        foreach (var argument in new[]
                 {
                     script, "--text", textFile,
                     "--layers", options.Layers.ToString(c), "--heads", options.Heads.ToString(c),
                     "--embd", options.EmbeddingSize.ToString(c), "--context", options.ContextLength.ToString(c),
                     "--batch", options.BatchSize.ToString(c), "--threads", threads.ToString(c),
                     "--warmup", options.WarmupSteps.ToString(c), "--steps", options.MeasuredSteps.ToString(c),
                     "--matmul-size", options.MatmulSize.ToString(c), "--seed", options.Seed.ToString(c),
                 })
            start.ArgumentList.Add(argument);
        // The peer must not inherit a different thread count from the environment.
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(c);

        log.WriteLine($"peer: {python} {Path.GetFileName(script)} ({threads} threads) ...");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"could not start '{python}': {e.Message}. Install Python 3 with PyTorch (Debian: apt-get install python3-torch).");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(options.PeerTimeout))
            {
                process.Kill(entireProcessTree: true);
                return (null, $"timed out after {options.PeerTimeout.TotalSeconds:F0} s; lower MeasuredSteps or raise PeerTimeout.");
            }

            var stdout = output.GetAwaiter().GetResult();
            var stderr = error.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                var why = stderr.Contains("No module named 'torch'", StringComparison.Ordinal)
                    ? $"'{python}' has no torch module; install PyTorch for it (Debian: apt-get install python3-torch)."
                    : $"exited with code {process.ExitCode}: {LastLines(stderr)}";
                return (null, why);
            }

            var json = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'));
            if (json is null) return (null, $"printed no JSON result: {LastLines(stdout + stderr)}");
            var root = JsonDocument.Parse(json).RootElement;
            return (new PeerMeasurement(
                root.GetProperty("torch").GetString() ?? "?",
                root.GetProperty("threads").GetInt32(),
                root.GetProperty("fused_attention").GetBoolean(),
                root.GetProperty("parameters").GetInt64(),
                root.GetProperty("tokens_per_second").GetDouble(),
                root.GetProperty("tokens_per_cpu_second").GetDouble(),
                root.GetProperty("median_step_ms").GetDouble(),
                root.GetProperty("matmul_gflops").GetDouble()), null);
        }
    }

    static string LastLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3)).Trim();
}
