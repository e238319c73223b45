using System.Text.Json.Nodes;
using LlmInteractive.Cli.Notebooks;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Tests.Protocol;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Cli;

public sealed class NotebookRunnerTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("llmi-run-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static JsonObject Code(string source, params string[] tags) => new()
    {
        ["cell_type"] = "code", ["metadata"] = new JsonObject { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]) },
        ["source"] = source, ["outputs"] = new JsonArray(), ["execution_count"] = null,
    };

    string Write(string name, params JsonObject[] cells) => Write(name, "llm-csharp", "csharp", cells);

    string Write(string name, string kernelName, string language, params JsonObject[] cells)
    {
        var path = Path.Combine(folder, name);
        var markdown = new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = new JsonArray("# Title\n", "text") };
        var notebook = new JsonObject
        {
            ["nbformat"] = 4, ["nbformat_minor"] = 2,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = kernelName, ["display_name"] = kernelName, ["language"] = language } },
            ["cells"] = new JsonArray([markdown, .. cells]),
        };
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    static NotebookRunOptions Options(string? outDir, params (string, string)[] parameters) =>
        new(outDir, parameters, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20));

    [Fact]
    public void Run_writes_nbformat_4_5_with_outputs_counts_merged_streams_and_applied_display_updates()
    {
        var path = Write("ok.ipynb",
            Code("print a\nprint b\neprint c\nresult 7"),
            Code("display live 10%"),
            Code("   "),
            Code("update live 100%\nprint done"));
        var outDir = Path.Combine(folder, "out");

        var result = new NotebookRunner(InProcessKernels.Scripted, TextWriter.Null).Run(path, Options(outDir));

        Assert.Null(result.Failure);
        Assert.Equal(Path.Combine(outDir, "ok.ipynb"), result.OutputPath);
        var notebook = JsonNode.Parse(File.ReadAllText(result.OutputPath))!.AsObject();
        Assert.Equal(5, notebook["nbformat_minor"]!.GetValue<int>());
        Assert.Equal("scripted", notebook["metadata"]!["language_info"]!["name"]!.GetValue<string>());
        var cells = notebook["cells"]!.AsArray();
        Assert.All(cells, c => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", c!["id"]!.GetValue<string>()));
        Assert.Equal(cells.Count, cells.Select(c => c!["id"]!.GetValue<string>()).Distinct().Count());

        var first = cells[1]!["outputs"]!.AsArray();
        Assert.Equal(1, cells[1]!["execution_count"]!.GetValue<int>());
        Assert.Equal(["stream", "stream", "execute_result"], first.Select(o => o!["output_type"]!.GetValue<string>()));
        Assert.Equal("a\nb\n", first[0]!["text"]!.GetValue<string>());
        Assert.Equal("stderr", first[1]!["name"]!.GetValue<string>());
        Assert.Equal(1, first[2]!["execution_count"]!.GetValue<int>());

        // The display shown in cell 2 carries the value set by the update in cell 4.
        Assert.Equal("100%", cells[2]!["outputs"]![0]!["data"]!["text/plain"]!.GetValue<string>());
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
        Assert.Null(cells[3]!["execution_count"]);
        Assert.Equal(3, cells[4]!["execution_count"]!.GetValue<int>());
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Parameters_are_injected_after_the_parameters_cell_and_override_it()
    {
        var path = Write("params.ipynb", Code("var steps = 10;\nvar name = \"a\";", "parameters"), Code("print body"));

        var result = new NotebookRunner(InProcessKernels.Scripted, TextWriter.Null)
            .Run(path, Options(null, ("steps", "200"), ("name", "tiny \"gpt\""), ("quick", "true"), ("lr", "3e-4")));

        Assert.Null(result.Failure);
        Assert.Equal(path, result.OutputPath);
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
        var injected = cells[2]!.AsObject();
        Assert.Equal("injected-parameters", injected["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("// Parameters\nvar steps = 200;\nvar name = \"tiny \\\"gpt\\\"\";\nvar quick = true;\nvar lr = 0.0003;", injected["source"]!.GetValue<string>());
        Assert.Equal("steps=200\n", injected["outputs"]![0]!["text"]!.GetValue<string>()[..10]);
        Assert.Equal("print body", Notebook.Source(cells[3]!.AsObject()));

        // Running the executed notebook again replaces the injected cell rather than adding a second one.
        new NotebookRunner(InProcessKernels.Scripted, TextWriter.Null).Run(path, Options(null, ("steps", "5")));
        var again = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
        Assert.Single(again, c => Notebook.HasTag(c!.AsObject(), "injected-parameters"));
    }

    [Fact]
    public void A_failing_cell_is_named_and_the_partial_notebook_is_written()
    {
        var path = Write("fails.ipynb", Code("print one"), Code("print two\nfail shape mismatch"), Code("print never"));
        var outDir = Path.Combine(folder, "out");

        var result = new NotebookRunner(InProcessKernels.Scripted, TextWriter.Null).Run(path, Options(outDir));

        Assert.NotNull(result.Failure);
        Assert.Equal(2, result.Failure.CellIndex);
        Assert.Equal("print two", result.Failure.FirstLine);
        Assert.Contains("cell 2 (`print two`) failed: ScriptError: shape mismatch", result.Failure.ToString());
        var cells = JsonNode.Parse(File.ReadAllText(result.OutputPath))!["cells"]!.AsArray();
        Assert.Equal("one\n", cells[1]!["outputs"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("error", cells[2]!["outputs"]![1]!["output_type"]!.GetValue<string>());
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
    }

    [Fact]
    public void A_cell_over_the_timeout_is_interrupted_and_reported()
    {
        var path = Write("slow.ipynb", Code("loop"), Code("print never"));
        var result = new NotebookRunner(InProcessKernels.Scripted, TextWriter.Null)
            .Run(path, Options(null) with { CellTimeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(1, result.Failure!.CellIndex);
        Assert.Equal("Timeout", result.Failure.ErrorName);
    }

    [Fact]
    public void The_timeout_does_not_count_the_kernels_warm_up()
    {
        var path = Write("warm.ipynb", Code("print hi"), Code("print again"));
        var timeout = TimeSpan.FromSeconds(2);
        // The kernel answers kernel_info at once but needs longer than the timeout to warm up, as the real one may.
        KernelStarter slowToWarm = (connection, _) => new InProcessKernel(new JupyterKernel(connection,
            new WarmingInterpreter(new ScriptedInterpreter(), Task.Delay(timeout * 2.5)), KernelOptions.Default, TextWriter.Null));

        var result = new NotebookRunner(slowToWarm, TextWriter.Null).Run(path, Options(null) with { CellTimeout = timeout });

        Assert.Null(result.Failure);
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
        Assert.Equal("hi\n", cells[1]!["outputs"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(1, cells[1]!["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void A_kernel_that_dies_during_a_cell_is_reported_and_the_partial_notebook_is_written()
    {
        var marker = Path.Combine(folder, "died");
        var path = Write("dies.ipynb", Code("print before"), Code($"touch {marker}\nsleep"), Code("print never"));
        var outDir = Path.Combine(folder, "out");
        KernelStarter dying = (connection, _) => new InProcessKernel(
            new JupyterKernel(connection, new ScriptedInterpreter(), KernelOptions.Default, TextWriter.Null),
            () => File.Exists(marker) ? "the kernel process exited with code 137" : null);

        var result = new NotebookRunner(dying, TextWriter.Null).Run(path, Options(outDir));

        Assert.Equal(2, result.Failure!.CellIndex);
        Assert.Equal(NotebookRunner.KernelDied, result.Failure.ErrorName);
        Assert.Contains("exited with code 137", result.Failure.ErrorValue);
        var cells = JsonNode.Parse(File.ReadAllText(result.OutputPath))!["cells"]!.AsArray();
        Assert.Equal("before\n", cells[1]!["outputs"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(NotebookRunner.KernelDied, cells[2]!["outputs"]!.AsArray().Last()!["ename"]!.GetValue<string>());
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
    }

    [Fact]
    public void A_kernel_that_exits_before_it_answers_is_started_again_on_fresh_ports()
    {
        var path = Write("retry.ipynb", Code("print ok"));
        var connections = new List<ConnectionInfo>();
        // The first kernel finds a port taken (as when two kernels start at once) and exits, as the real one does.
        KernelStarter unlucky = (connection, directory) =>
        {
            connections.Add(connection);
            return connections.Count == 1 ? new ExitedAtStart(PortTaken) : InProcessKernels.Scripted(connection, directory);
        };

        var result = new NotebookRunner(unlucky, TextWriter.Null).Run(path, Options(null));

        Assert.Null(result.Failure);
        Assert.Equal(2, connections.Count);
        Assert.NotEqual(Ports(connections[0]), Ports(connections[1]));
        Assert.Equal("ok\n", JsonNode.Parse(File.ReadAllText(path))!["cells"]![1]!["outputs"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_kernel_that_never_starts_is_reported_with_its_last_words_after_a_few_starts()
    {
        var path = Write("never.ipynb", Code("print ok"));
        var started = 0;
        KernelStarter broken = (_, _) => { started++; return new ExitedAtStart(PortTaken); };

        var error = Assert.ThrowsAny<InvalidOperationException>(() => new NotebookRunner(broken, TextWriter.Null).Run(path, Options(null)));

        Assert.Equal(NotebookRunner.StartAttempts, started);
        Assert.Contains($"The kernel did not start ({NotebookRunner.StartAttempts} starts on fresh ports)", error.Message);
        Assert.Contains("Cannot bind the iopub socket", error.Message);
    }

    const string PortTaken = "the kernel process exited with code 1:\nUnhandled exception: System.InvalidOperationException: Cannot bind the iopub socket";

    static int[] Ports(ConnectionInfo c) => [c.ShellPort, c.IoPubPort, c.StdinPort, c.ControlPort, c.HeartbeatPort];

    /// <summary>A kernel process that exited before it bound its sockets.</summary>
    sealed class ExitedAtStart(string problem) : IStartedKernel
    {
        public string? ExitProblem => problem;

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData("python3", "python")]
    [InlineData("ir", "R")]
    public void A_notebook_for_another_kernel_is_refused_before_a_kernel_starts(string kernelName, string language)
    {
        var path = Write("other.ipynb", kernelName, language, Code("print(1 + 1)"));
        var started = 0;
        KernelStarter counting = (connection, directory) => { started++; return InProcessKernels.Scripted(connection, directory); };

        var error = Assert.Throws<InvalidDataException>(() => new NotebookRunner(counting, TextWriter.Null).Run(path, Options(null)));

        Assert.Contains($"is for the {kernelName} kernel (language {language}), not C#", error.Message);
        Assert.Equal(0, started);
    }

    [Theory]
    [InlineData("llm-csharp", "csharp")]
    [InlineData(".net-csharp", "C#")]
    public void CSharp_notebooks_of_this_and_other_csharp_kernels_run(string kernelName, string language)
    {
        var path = Write("csharp.ipynb", kernelName, language, Code("print ok"));
        Assert.Null(new NotebookRunner(InProcessKernels.Scripted, TextWriter.Null).Run(path, Options(null)).Failure);
    }

    /// <summary>An in-process kernel whose death the test decides (<paramref name="exitProblem"/>).</summary>
    sealed class InProcessKernel : IStartedKernel
    {
        readonly JupyterKernel kernel;
        readonly CancellationTokenSource stop = new();
        readonly Task<bool> run;
        readonly Func<string?> exitProblem;

        public InProcessKernel(JupyterKernel kernel, Func<string?>? exitProblem = null)
        {
            this.kernel = kernel;
            this.exitProblem = exitProblem ?? (() => null);
            run = kernel.RunAsync(stop.Token);
        }

        public string? ExitProblem => exitProblem();

        public void Dispose()
        {
            if (ExitProblem is not null) stop.Cancel();
            run.Wait(TimeSpan.FromSeconds(10));
            kernel.Dispose();
            stop.Dispose();
        }
    }
}
