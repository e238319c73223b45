using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace LlmInteractive.Kernel.Magics;

/// <summary><c>#!time</c>: runs the rest of the cell and reports its wall and CPU time; the cell's result is kept.</summary>
static class TimeMagic
{
    public static MagicCommand Create() => new(
        new Command("time", "Run the rest of the cell and print its wall-clock and CPU time (process-wide CPU)."),
        async context =>
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var outcome = await context.RunCode(context.Body, context.Cancellation);
            wall.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            context.Output.Stream("stdout", $"Wall time: {Format(wall.Elapsed)}, CPU time: {Format(cpu)}\n");
            return outcome;
        });

    static string Format(TimeSpan t) => t.TotalSeconds >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.###} ms");
}
