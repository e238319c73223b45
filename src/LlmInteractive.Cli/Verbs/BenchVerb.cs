using System.CommandLine;
using System.Diagnostics;
using LlmInteractive.Benchmarks;
using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Cli.Peers;
using LlmInteractive.Cli.Sweeps;
using LlmInteractive.Models;
using LlmInteractive.Runtime;

namespace LlmInteractive.Cli.Verbs;

/// <summary>
/// <c>bench</c>: training throughput and MFU of the reference GPT beside PyTorch, the pretrained MiniLM's forward beside
/// ONNX Runtime, then kernel latency beside ipykernel, each peer measured in the same run so the figures are comparable.
/// </summary>
public static class BenchVerb
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Timed training steps.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads for both sides; 0 uses every core.", DefaultValueFactory = _ => 0 };
        var noPeer = new Option<bool>("--no-peer") { Description = "Skip the PyTorch peer." };
        var noKernel = new Option<bool>("--no-kernel") { Description = "Skip the kernel latency benchmark." };
        var noMiniLm = new Option<bool>("--no-minilm") { Description = "Skip the pretrained MiniLM forward beside ONNX Runtime." };
        var noSweep = new Option<bool>("--no-sweep") { Description = "Skip the sweep benchmark (local pool vs one after another, Slurm overhead)." };
        var sweepPoints = new Option<int>("--sweep-points") { Description = "Points of the sweep benchmark.", DefaultValueFactory = _ => 12 };
        var runs = new Option<int>("--runs") { Description = "Warm round trips per kernel (median reported).", DefaultValueFactory = _ => 50 };
        var noDotnetInteractive = new Option<bool>("--no-dotnet-interactive") { Description = "Leave dotnet-interactive's kernel out of the kernel latency benchmark." };
        var command = new Command("bench", "Training tokens/s and MFU beside PyTorch; view formatting cost; kernel cold start and round trip beside ipykernel.")
        {
            steps, threads, noPeer, noKernel, noMiniLm, noSweep, sweepPoints, runs, noDotnetInteractive,
        };
        command.SetAction(parse =>
        {
            var options = new TrainingBenchmarkOptions
            {
                MeasuredSteps = parse.GetValue(steps),
                Threads = parse.GetValue(threads),
                RunPeer = !parse.GetValue(noPeer),
            };
            Console.WriteLine("== Training: GPT 4 layers, 4 heads, d=128, context 128, batch 32, character vocabulary, AdamW");
            var result = TrainingBenchmark.Run(options, Console.Out);
            Console.WriteLine(result);

            Console.WriteLine();
            Console.WriteLine("== Views: attention grid 12 layers × 12 heads × 256 tokens; live training display");
            var views = ViewsBenchmark.Run();
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"attention grid: {views.AttentionMilliseconds:F0} ms (median of 5), {views.AttentionBytes / 1024.0:F0} KiB (goals: ≤ 200 ms, ≤ 2048 KiB)"));
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"training display: {views.ReportMicroseconds:F1} µs per report, {views.RedrawMicroseconds:F0} µs per redraw, at most " +
                $"{views.RedrawsPerSecond:F0} redraws/s = {views.ProgressShareOf(result.MedianStepMilliseconds):P2} of training time at the reference step (goal: < 1 %)"));
            if (!parse.GetValue(noMiniLm))
            {
                Console.WriteLine();
                Console.WriteLine("== Pretrained MiniLM (all-MiniLM-L6-v2) forward: TorchSharp beside ONNX Runtime, same batch, same threads");
                Console.WriteLine(RunMiniLmBenchmark(parse.GetValue(threads)));
            }
            if (!parse.GetValue(noSweep))
            {
                Console.WriteLine();
                Console.WriteLine("== Sweep: tests/notebooks/sweep/tiny-sweep.ipynb, quick points, each a process with its own kernel");
                var notebook = RepositoryPaths.Find(Path.Combine("tests", "notebooks", "sweep", "tiny-sweep.ipynb"));
                Console.WriteLine(notebook is null
                    ? "skipped: tests/notebooks/sweep/tiny-sweep.ipynb not found; run bench from the repository"
                    : SweepBenchmark.Run(notebook, parse.GetValue(sweepPoints), Console.Out).ToString());
            }
            if (parse.GetValue(noKernel)) return 0;

            Console.WriteLine();
            Console.WriteLine("== Kernel latency: llm-csharp beside ipykernel and dotnet-interactive's kernel (jupyter_client)");
            return RunKernelBenchmark(parse.GetValue(runs), !parse.GetValue(noDotnetInteractive));
        });
        return command;
    }

    static MiniLmBenchmarkResult RunMiniLmBenchmark(int threads)
    {
        var count = threads > 0 ? threads : Environment.ProcessorCount;
        var model = Pretrained.MiniLM();
        using var peer = new OnnxRuntimeMiniLm(MiniLmPackage.Read().Model, count);
        try
        {
            return MiniLmBenchmark.Run(model, peer, count);
        }
        finally
        {
            model.Encoder.Dispose();
        }
    }

    /// <summary>
    /// Installs this build's kernelspec (and, when asked, dotnet-interactive's, its tool kept under artifacts/tools so
    /// it is fetched once) into a temporary Jupyter data folder and runs environment/bench_kernel.py on them.
    /// </summary>
    static int RunKernelBenchmark(int runs, bool withDotnetInteractive)
    {
        var script = RepositoryPaths.Find(Path.Combine("environment", "bench_kernel.py"))
            ?? throw new FileNotFoundException("environment/bench_kernel.py was not found; run bench from the repository.");
        var prefix = Directory.CreateTempSubdirectory("llmi-bench-jupyter-");
        try
        {
            // This build's kernelspec under a temporary prefix that only the benchmark's Jupyter sees.
            KernelSpecInstaller.Install(KernelLaunch.Current(), prefix.FullName);
            List<string> kernels = ["llm-csharp", "python3"];
            if (withDotnetInteractive)
            {
                var tools = Path.Combine(Path.GetDirectoryName(RepositoryPaths.Find("Research.sln") ?? script)!, "artifacts", "tools");
                DotnetInteractiveKernel.Install(tools, Path.Combine(prefix.FullName, "share", "jupyter", "kernels"));
                kernels.Add(DotnetInteractiveKernel.KernelName);
            }
            var start = new ProcessStartInfo("/usr/bin/python3", [script, "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kernels", .. kernels]);
            start.Environment["JUPYTER_PATH"] = Path.Combine(prefix.FullName, "share", "jupyter");
            using var process = Process.Start(start)
                ?? throw new InvalidOperationException("Could not start /usr/bin/python3; install Debian's python3-jupyter-client and python3-ipykernel.");
            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            prefix.Delete(recursive: true);
        }
    }
}
