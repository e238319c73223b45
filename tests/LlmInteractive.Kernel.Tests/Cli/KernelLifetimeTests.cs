using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Cli;

/// <summary>No kernel outlives what started it: a killed parent, or a `run` stopped by a signal.</summary>
[Collection(nameof(EndToEndTests))]
public sealed class KernelLifetimeTests : IDisposable
{
    /// <summary>Only catches hangs: each step takes seconds; a loaded machine may take many.</summary>
    static readonly TimeSpan Hang = TimeSpan.FromSeconds(90);
    readonly string folder = Directory.CreateTempSubdirectory("llmi-lifetime-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Live and not a zombie (an exited child nobody reaped yet is gone for our purpose).</summary>
    static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 1)..].TrimStart()[0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Hang) return false;
            Thread.Sleep(100);
        }
        return true;
    }

    [Fact]
    public void A_kernel_exits_and_deletes_its_connection_file_when_the_process_named_in_JPY_PARENT_PID_is_killed()
    {
        var connection = ConnectionInfo.CreateLocal();
        var connectionFile = Path.Combine(folder, "kernel.json");
        connection.Save(connectionFile);
        var launch = KernelLaunch.Current();
        // The parent: a shell that starts the kernel as jupyter_client would (JPY_PARENT_PID = its own pid), says
        // the kernel's pid, and waits.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", "JPY_PARENT_PID=$$ \"$@\" >/dev/null 2>&1 & echo $!; wait", "sh", .. launch.KernelArguments(connectionFile)])
            start.ArgumentList.Add(argument);
        using var parent = Process.Start(start)!;
        var kernelPid = int.Parse(parent.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        try
        {
            using (var client = new KernelClient(connection))
                Assert.Equal("ok", client.Execute("1+1", Hang).Reply!.GetString("status"));
            Assert.True(Alive(kernelPid));

            parent.Kill();
            parent.WaitForExit();

            Assert.True(WaitUntil(() => !Alive(kernelPid)), $"kernel {kernelPid} still runs after its parent was killed");
            // The dead parent cannot delete the connection file, which holds the key: the kernel did.
            Assert.False(File.Exists(connectionFile));
        }
        finally
        {
            if (Alive(kernelPid)) Process.GetProcessById(kernelPid).Kill();
        }
    }

    [Theory]
    [InlineData("TERM", false)]
    [InlineData("INT", false)]
    // Started with SIGINT ignored, as nohup or a script's background job starts it: .NET alone would never deliver it.
    [InlineData("INT", true)]
    public void A_run_stopped_by_a_signal_shuts_its_kernel_down_removes_the_connection_file_and_writes_the_partial_notebook(string signal, bool startedIgnoringInterrupt)
    {
        var notebook = Path.Combine(folder, "sleeps.ipynb");
        File.WriteAllText(notebook, NotebookJson("Console.WriteLine(\"started\");", "System.Threading.Thread.Sleep(600_000);", "Console.WriteLine(\"never\");").ToJsonString());
        var runtime = Path.Combine(folder, "runtime");
        var launch = KernelLaunch.Current();
        string[] command = [.. launch.Host, "run", notebook, "--out", Path.Combine(folder, "out")];
        if (startedIgnoringInterrupt)
            command = ["python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); os.execvp(sys.argv[1], sys.argv[1:])", .. command];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        start.Environment["JUPYTER_RUNTIME_DIR"] = runtime;
        using var run = Process.Start(start)!;
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        run.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue(e.Data); };
        run.BeginErrorReadLine();
        var stdout = run.StandardOutput.ReadToEndAsync();
        int? kernelPid = null;
        try
        {
            Assert.True(WaitUntil(() => stderr.Any(l => l.Contains("[run] cell 2:", StringComparison.Ordinal)) || run.HasExited), string.Join('\n', stderr));
            Assert.False(run.HasExited, string.Join('\n', stderr));
            kernelPid = int.Parse(stderr.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"kernel pid (\d+)")).First(m => m.Success).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(Alive(kernelPid.Value));
            Assert.Single(Directory.GetFiles(runtime));
            Thread.Sleep(500); // let the sleeping cell start

            using (var kill = Process.Start("kill", ["-" + signal, run.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();

            Assert.True(run.WaitForExit(Hang), "run did not exit after SIG" + signal);
            run.WaitForExit(); // a timed wait returns before the async stderr handler has seen the last lines; this one drains it
            Assert.NotEqual(0, run.ExitCode);
            Assert.False(Alive(kernelPid.Value), $"kernel {kernelPid} outlived run stopped by SIG{signal}");
            Assert.Empty(Directory.GetFiles(runtime));
            var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "out", "sleeps.ipynb")))!["cells"]!.AsArray();
            Assert.Equal("started\n", cells[1]!["outputs"]![0]!["text"]!.GetValue<string>());
            Assert.Contains(stderr, l => l.Contains("stopped by SIG" + signal, StringComparison.Ordinal));
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            if (kernelPid is { } pid && Alive(pid)) Process.GetProcessById(pid).Kill();
        }
    }

    /// <summary>A C# notebook of code cells after a title cell (so code cell N is notebook cell N).</summary>
    internal static JsonObject NotebookJson(params string[] sources) => new()
    {
        ["nbformat"] = 4, ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "llm-csharp", ["display_name"] = "C# (LLM Interactive)", ["language"] = "csharp" } },
        ["cells"] = new JsonArray([
            new JsonObject { ["cell_type"] = "markdown", ["id"] = "title", ["metadata"] = new JsonObject(), ["source"] = "# Test" },
            .. sources.Select((s, i) => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code", ["id"] = $"c{i}", ["metadata"] = new JsonObject(), ["source"] = s, ["outputs"] = new JsonArray(), ["execution_count"] = null,
            })]),
    };
}
