using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Kernel.Tests.Cli;

/// <summary>The built llm-interactive as a process: `run` on tests/notebooks and Debian's nbconvert with the installed kernelspec.</summary>
[Collection(nameof(EndToEndTests))]
public sealed class EndToEndTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("llmi-e2e-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static string Notebooks => Path.Combine(RepositoryRoot(), "tests", "notebooks");

    static string RepositoryRoot() =>
        Path.GetDirectoryName(LlmInteractive.Runtime.RepositoryPaths.Find("Research.sln")
            ?? throw new DirectoryNotFoundException("Research.sln not found above the test binaries."))!;

    static (int ExitCode, string Stdout, string Stderr) Start(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran over 3 minutes"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    static JsonArray Cells(string path) => JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();

    /// <summary>A cell's stream text or text/plain, whether stored as one string or as a list of lines (nbformat allows both).</summary>
    static string Text(JsonNode? cell) =>
        string.Concat(cell!["outputs"]!.AsArray().Select(o => Joined(o!["text"] ?? o["data"]?["text/plain"])));

    static string Joined(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        null => "",
        _ => node.GetValue<string>(),
    };

    [Fact]
    public void Run_executes_notebooks_with_parameters_and_names_the_failing_cell()
    {
        var launch = KernelLaunch.Current();
        var (exit, stdout, stderr) = Start(launch.Host[0], [.. launch.Host.Skip(1), "run",
            Path.Combine(Notebooks, "smoke.ipynb"), Path.Combine(Notebooks, "failing", "fails.ipynb"),
            "--out", folder, "-p", "repeat=3", "-p", "greeting=hey", "--timeout", "120"]);

        Assert.Equal(1, exit);
        Assert.Contains("smoke.ipynb: ok", stdout);
        // fails.ipynb has no parameters cell, so the injected one goes first and the failing cell is at index 2.
        Assert.Contains("cell 2 (`// a shape check that fails`) failed", stderr);
        Assert.Contains("expected 3 tokens, got 2", stderr);

        var smoke = Cells(Path.Combine(folder, "smoke.ipynb"));
        Assert.Equal("injected-parameters", smoke[2]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("hey 0\nhey 1\nhey 2\n", Text(smoke[3]));
        Assert.Equal("step 3", Text(smoke[4]));
        Assert.Equal("30", Text(smoke[5]));
        var fails = Cells(Path.Combine(folder, "fails.ipynb"));
        Assert.Equal("injected-parameters", fails[0]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("before the failure\n", Text(fails[1]));
        Assert.Equal("error", fails[2]!["outputs"]![0]!["output_type"]!.GetValue<string>());
        Assert.Empty(fails[3]!["outputs"]!.AsArray());
    }

    /// <summary>
    /// .NET Interactive's extension API in our kernel: Plotly.NET.Interactive 6.0.0, restored from NuGet by the notebook's
    /// #r, has its IKernelExtension loaded (OnLoadAsync registers a text/html formatter for GenericChart); the kernel's own
    /// offline renderings of the chart (the LLM extension's) stay first, so no plotly.js is fetched from a CDN.
    /// </summary>
    [Fact]
    public void Plotly_NET_Interactive_loads_from_nuget_and_its_chart_displays_offline()
    {
        var launch = KernelLaunch.Current();
        var (exit, stdout, stderr) = Start(launch.Host[0], [.. launch.Host.Skip(1), "run",
            Path.Combine(Notebooks, "interactive-extensions", "plotly-net-interactive.ipynb"), "--out", folder, "--timeout", "150"]);
        Assert.True(exit == 0, stdout + stderr);

        var cells = Cells(Path.Combine(folder, "plotly-net-interactive.ipynb")).ToDictionary(c => c!["id"]!.GetValue<string>());
        var load = Text(cells["load"]);
        Assert.Contains("Installed package Plotly.NET.Interactive 6.0.0", load);
        Assert.Contains("Loaded .NET Interactive extension Plotly.NET.Interactive.FormatterKernelExtension", load);
        Assert.Contains("text/html for Plotly.NET.GenericChart: this kernel's own formatter is kept", load);

        var chart = cells["chart"]!["outputs"]!.AsArray().Single(o => o!["output_type"]!.GetValue<string>() == "execute_result")!["data"]!;
        var trace = chart["application/vnd.plotly.v1+json"]!["data"]![0]!;
        Assert.Equal("squares", trace["name"]!.GetValue<string>());
        Assert.Equal([1, 4, 9], trace["y"]!.AsArray().Select(v => v!.GetValue<int>()));
        var html = Joined(chart["text/html"]);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.StartsWith("<svg", Joined(chart["image/svg+xml"]));
    }

    [Fact]
    public void The_launcher_turns_the_MKL_dispatch_on_explicitly_and_doctor_says_so()
    {
        var launch = KernelLaunch.Current();
        var environment = new Dictionary<string, string>();
        foreach (var (setting, expected) in new[] { (null, ""), ("0", "Disabled") })
        {
            // Only the launcher asks for it; an explicit 0 from the user wins.
            if (setting is null) environment.Remove(LlmInteractive.Cli.Launcher.MklDispatchSwitch);
            else environment[LlmInteractive.Cli.Launcher.MklDispatchSwitch] = setting;
            var (exit, stdout, _) = Start(launch.Host[0], [.. launch.Host.Skip(1), "doctor"], environment);
            Assert.Equal(0, exit);
            var line = stdout.Split('\n').Single(l => l.StartsWith("MKL dispatch", StringComparison.Ordinal));
            Assert.DoesNotContain(nameof(LlmInteractive.Runtime.MklDispatchOutcome.NotRequested), line);
            Assert.Contains(expected, line);
        }
        Assert.Equal(LlmInteractive.Runtime.MklCpuDispatch.SwitchVariable, LlmInteractive.Cli.Launcher.MklDispatchSwitch);
    }

    [Fact]
    public void Run_names_each_unrunnable_notebook_in_one_line_and_runs_the_others()
    {
        var missing = Path.Combine(folder, "missing.ipynb");
        var invalid = Path.Combine(folder, "invalid.ipynb");
        File.WriteAllText(invalid, "{\"cells\": [");
        var python = Path.Combine(folder, "python.ipynb");
        var pythonNotebook = KernelLifetimeTests.NotebookJson("print('hi')");
        pythonNotebook["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "python3", ["display_name"] = "Python 3", ["language"] = "python" } };
        File.WriteAllText(python, pythonNotebook.ToJsonString());
        var dies = Path.Combine(folder, "dies.ipynb");
        File.WriteAllText(dies, KernelLifetimeTests.NotebookJson("Console.WriteLine(\"before\");", "System.Environment.Exit(3);", "Console.WriteLine(\"never\");").ToJsonString());
        var ok = Path.Combine(folder, "ok.ipynb");
        File.WriteAllText(ok, KernelLifetimeTests.NotebookJson("1 + 1").ToJsonString());
        var outDir = Path.Combine(folder, "out");
        var launch = KernelLaunch.Current();

        // The kernel's warm-up (seconds here) must not count against a cell's --timeout.
        var (exit, stdout, stderr) = Start(launch.Host[0], [.. launch.Host.Skip(1), "run", missing, invalid, python, dies, ok, "--out", outDir, "--timeout", "3"]);

        Assert.Equal(1, exit);
        var problems = stderr.Split('\n').Where(l => !l.StartsWith('[')).ToList();
        Assert.DoesNotContain(problems, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.StartsWith($"{missing}: Notebook '{missing}' does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.StartsWith($"{invalid}: Notebook '{invalid}' is not valid JSON", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.StartsWith($"{python}: Notebook '{python}' is for the python3 kernel (language python), not C#", StringComparison.Ordinal));
        Assert.Contains(problems, l => l.StartsWith($"{dies}: cell 2 (`System.Environment.Exit(3);`) failed: KernelDied: the kernel process exited with code 3", StringComparison.Ordinal));
        Assert.Contains($"{ok}: ok", stdout);
        Assert.False(File.Exists(Path.Combine(outDir, "python.ipynb")));
        var died = Cells(Path.Combine(outDir, "dies.ipynb"));
        Assert.Equal("before\n", Text(died[1]));
        Assert.Equal("2", Text(Cells(Path.Combine(outDir, "ok.ipynb"))[1]));
    }

    [Theory]
    [InlineData("1x=3", "Parameter name '1x' is not a C# identifier")]
    [InlineData("steps", "Parameter 'steps' is not NAME=VALUE; write e.g. -p steps=100.")]
    public void A_bad_parameter_is_one_line_naming_it_and_the_fix(string parameter, string message)
    {
        var launch = KernelLaunch.Current();
        var (exit, _, stderr) = Start(launch.Host[0], [.. launch.Host.Skip(1), "run", Path.Combine(Notebooks, "smoke.ipynb"), "--out", folder, "-p", parameter]);
        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"llm-interactive run: {message}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigint_interrupts_the_running_cell_and_the_kernel_keeps_serving()
    {
        var connection = LlmInteractive.Kernel.Transport.ConnectionInfo.CreateLocal();
        using var kernel = LlmInteractive.Cli.Notebooks.KernelProcess.Start(KernelLaunch.Current(), connection, folder, TextWriter.Null);
        using var client = new LlmInteractive.Kernel.Transport.KernelClient(connection);
        client.WaitForReady(TimeSpan.FromSeconds(60));
        Assert.Equal("ok", client.Execute("1+1", TimeSpan.FromSeconds(120)).Reply!.GetString("status"));

        // Sleeps far beyond the reply timeout: an error reply within it means SIGINT woke the sleep.
        var execute = client.SendExecute("Console.WriteLine(\"started\");\nSystem.Threading.Thread.Sleep(600_000);");
        var running = Stopwatch.StartNew();
        while (!(client.Receive(LlmInteractive.Kernel.Transport.KernelChannel.IoPub, TimeSpan.FromMilliseconds(100)) is { MessageType: "stream" } m
                 && m.ParentHeader?.MessageId == execute.Header.MessageId && m.GetString("text").Contains("started", StringComparison.Ordinal)))
            Assert.True(running.Elapsed < TimeSpan.FromSeconds(120), "the cell never started");
        Start("kill", ["-INT", kernel.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var reply = client.ReceiveReply(LlmInteractive.Kernel.Transport.KernelChannel.Shell, execute, TimeSpan.FromSeconds(60));

        Assert.Equal("error", reply!.GetString("status"));
        Assert.Equal(LlmInteractive.Kernel.Interpreter.CellErrors.Interrupted, reply.GetString("ename"));
        Assert.Null(kernel.ExitProblem);
        Assert.Equal("ok", client.Execute("40+2", TimeSpan.FromSeconds(30)).Reply!.GetString("status"));
        var shutdown = client.Send(LlmInteractive.Kernel.Transport.KernelChannel.Control, "shutdown_request", new JsonObject { ["restart"] = false });
        Assert.NotNull(client.ReceiveReply(LlmInteractive.Kernel.Transport.KernelChannel.Control, shutdown, TimeSpan.FromSeconds(10)));
    }

    /// <summary>Installs the kernelspec into a temporary Jupyter data directory; returns the environment that finds it.</summary>
    Dictionary<string, string> InstallKernelSpec()
    {
        var dataDir = Path.Combine(folder, "jupyter");
        var environment = new Dictionary<string, string> { ["JUPYTER_DATA_DIR"] = dataDir };
        var launch = KernelLaunch.Current();
        Assert.Equal(0, Start(launch.Host[0], [.. launch.Host.Skip(1), "install"], environment).ExitCode);
        Assert.True(File.Exists(Path.Combine(dataDir, "kernels", "llm-csharp", "kernel.json")));
        return environment;
    }

    [Fact]
    public void Jupyter_client_answers_console_input_and_password_requests()
    {
        var environment = InstallKernelSpec();
        var script = Path.Combine(RepositoryRoot(), "tests", "clients", "input_with_jupyter_client.py");
        // Debian's python3 has jupyter_client; a python3 earlier on PATH (pyenv) may not.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var (exit, stdout, stderr) = Start(python, [script], environment);
        Assert.True(exit == 0, stderr);
        var result = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
        Assert.Equal("ok", result["status"]!.GetValue<string>());
        Assert.Equal("name? ", result["stdout"]!.GetValue<string>());
        Assert.Equal("ada:6", result["result"]![0]!.GetValue<string>());
        var questions = result["questions"]!.AsArray();
        Assert.Equal(2, questions.Count);
        Assert.False(questions[0]!["password"]!.GetValue<bool>());
        Assert.Equal("token: ", questions[1]!["prompt"]!.GetValue<string>());
        Assert.True(questions[1]!["password"]!.GetValue<bool>());
    }

    [Fact]
    public void Jupyter_nbconvert_executes_the_test_notebooks_with_the_installed_kernelspec()
    {
        var environment = InstallKernelSpec();

        var notebooks = Directory.GetFiles(Notebooks, "*.ipynb");
        var (exit, _, stderr) = Start("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--output-dir", folder, .. notebooks], environment);
        Assert.True(exit == 0, stderr);

        var smoke = Cells(Path.Combine(folder, "smoke.ipynb"));
        Assert.Equal("hello 0\nhello 1\n", Text(smoke[2]));
        Assert.Equal("step 3", Text(smoke[3]));
        Assert.Equal("20", Text(smoke[4]));
        Assert.Equal(4, smoke[4]!["execution_count"]!.GetValue<int>());
    }
}
