using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Cli.Notebooks;

/// <summary>Where a notebook run stopped: the cell's index in the notebook (-1 before the first cell), its first line, and the error.</summary>
public sealed record CellFailure(int CellIndex, string FirstLine, string ErrorName, string ErrorValue)
{
    public override string ToString() => CellIndex < 0
        ? $"{ErrorName}: {ErrorValue}"
        : $"cell {CellIndex} (`{FirstLine}`) failed: {ErrorName}: {ErrorValue}";
}

/// <param name="OutputPath">Where the executed (or partially executed) notebook was written.</param>
/// <param name="Failure">Null when every cell ran.</param>
public sealed record NotebookResult(string InputPath, string OutputPath, CellFailure? Failure, TimeSpan Elapsed);

/// <param name="CellTimeout">Longest a cell may run before it is interrupted and the run fails; null for no limit.</param>
/// <param name="StartupTimeout">Longest the kernel may take to answer kernel_info.</param>
public sealed record NotebookRunOptions(
    string? OutputDirectory, IReadOnlyList<(string Name, string Value)> Parameters, TimeSpan? CellTimeout, TimeSpan StartupTimeout);

/// <summary>
/// Executes notebooks top to bottom in a fresh kernel each, as a Jupyter client (nbclient's choreography): the
/// executed notebook keeps its cells, gains outputs and execution counts, and is written even when a cell fails.
/// </summary>
public sealed class NotebookRunner(KernelStarter startKernel, TextWriter log)
{
    /// <summary>
    /// Runs one notebook. A notebook that cannot be read, or is not a C# notebook, throws before any kernel starts
    /// (<see cref="InvalidDataException"/>, <see cref="FileNotFoundException"/>). A failing cell, a kernel that dies,
    /// and <paramref name="stop"/> (a signal) end the run with a <see cref="CellFailure"/> and the partial notebook written.
    /// </summary>
    public NotebookResult Run(string notebookPath, NotebookRunOptions options, CancellationToken stop = default)
    {
        var clock = Stopwatch.StartNew();
        var notebook = Notebook.Load(notebookPath);
        notebook.EnsureCSharp();
        NotebookParameters.Inject(notebook, options.Parameters);
        var outputPath = options.OutputDirectory is null
            ? notebookPath
            : Path.Combine(options.OutputDirectory, Path.GetFileName(notebookPath));
        var workingDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;

        CellFailure? failure;
        IStartedKernel? kernel = null;
        KernelClient? client = null;
        try
        {
            (kernel, client, var info) = StartKernel(workingDirectory, options.StartupTimeout, stop);
            if (info.Content["language_info"] is JsonObject languageInfo) notebook.Document["metadata"]!["language_info"] = languageInfo.DeepClone();
            WaitForWarmUp(client, kernel, options.StartupTimeout, stop);
            failure = RunCells(notebook, client, kernel, options.CellTimeout, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            failure = new CellFailure(-1, "", Stopped, "the run was stopped before the kernel was ready");
        }
        finally
        {
            if (client is not null && kernel?.ExitProblem is null)
            {
                var shutdown = client.Send(KernelChannel.Control, "shutdown_request", new JsonObject { ["restart"] = false });
                client.ReceiveReply(KernelChannel.Control, shutdown, TimeSpan.FromSeconds(3));
            }
            client?.Dispose();
            kernel?.Dispose();
        }
        notebook.Save(outputPath);
        return new NotebookResult(notebookPath, outputPath, failure, clock.Elapsed);
    }

    /// <summary>The error name of a run ended by <c>stop</c> (SIGINT, SIGTERM).</summary>
    public const string Stopped = "Stopped";

    /// <summary>The error name of a run whose kernel died during a cell.</summary>
    public const string KernelDied = "KernelDied";

    /// <summary>How often a kernel that exits before it answers kernel_info is started again, each time on fresh ports.</summary>
    public const int StartAttempts = 3;

    /// <summary>
    /// Starts a kernel and waits for its kernel_info reply. Ports picked free can be taken before the kernel binds them
    /// (another kernel starting beside it, a client's reconnecting socket), and the kernel then exits at once; as
    /// jupyter_client's restarter does (random_ports_until_alive), such a kernel is started again on fresh ports.
    /// </summary>
    (IStartedKernel Kernel, KernelClient Client, JupyterMessage Info) StartKernel(string workingDirectory, TimeSpan timeout, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = ConnectionInfo.CreateLocal();
            var kernel = startKernel(connection, workingDirectory);
            var client = new KernelClient(connection);
            try
            {
                return (kernel, client, WaitForKernel(client, kernel, timeout, stop, attempt));
            }
            catch (Exception e)
            {
                client.Dispose();
                kernel.Dispose();
                if (e is not KernelExitedException || attempt == StartAttempts) throw;
                log.WriteLine($"[run] {e.Message}\n[run] starting the kernel again on fresh ports ({attempt + 1} of {StartAttempts})");
            }
        }
    }

    sealed class KernelExitedException(string message) : InvalidOperationException(message);

    static JupyterMessage WaitForKernel(KernelClient client, IStartedKernel kernel, TimeSpan timeout, CancellationToken stop, int attempt)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            if (kernel.ExitProblem is { } problem)
                throw new KernelExitedException($"The kernel did not start{(attempt > 1 ? $" ({attempt} starts on fresh ports)" : "")}: {problem}");
            try
            {
                return client.WaitForReady(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException) when (clock.Elapsed < timeout)
            {
            }
        }
    }

    /// <summary>
    /// The kernel answers kernel_info while it still warms up (Roslyn, libtorch: seconds); a silent empty cell
    /// returns once it is ready, so <c>--timeout</c> counts the cells' own time only.
    /// </summary>
    static void WaitForWarmUp(KernelClient client, IStartedKernel kernel, TimeSpan timeout, CancellationToken stop)
    {
        var request = client.SendExecute("", silent: true, storeHistory: false, stopOnError: false);
        var clock = Stopwatch.StartNew();
        while (client.ReceiveReply(KernelChannel.Shell, request, TimeSpan.FromMilliseconds(200)) is null)
        {
            stop.ThrowIfCancellationRequested();
            if (kernel.ExitProblem is { } problem) throw new InvalidOperationException($"The kernel died while starting: {problem}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"The kernel did not finish starting within {timeout.TotalSeconds:0} s; run `llm-interactive doctor` to see why.");
        }
    }

    CellFailure? RunCells(Notebook notebook, KernelClient client, IStartedKernel kernel, TimeSpan? cellTimeout, CancellationToken stop)
    {
        var outputs = new NotebookOutputs();
        for (var index = 0; index < notebook.Cells.Count; index++)
        {
            if (notebook.Cells[index] is not JsonObject cell || cell["cell_type"]?.GetValue<string>() != "code") continue;
            var source = Notebook.Source(cell);
            outputs.BeginCell(cell);
            // As nbclient does: blank cells are not sent to the kernel.
            if (string.IsNullOrWhiteSpace(source)) continue;
            var firstLine = source.TrimStart().Split('\n')[0].TrimEnd();
            log.WriteLine($"[run] cell {index}: {firstLine}");
            var reply = Execute(client, kernel, cell, source, outputs, cellTimeout, stop);
            if (reply["status"]?.GetValue<string>() != "ok")
                return new CellFailure(index, firstLine, reply["ename"]?.GetValue<string>() ?? reply["status"]?.GetValue<string>() ?? "error", reply["evalue"]?.GetValue<string>() ?? "");
        }
        return null;
    }

    /// <summary>Runs one cell; returns its reply's content, or an error content when the cell never replied.</summary>
    static JsonObject Execute(KernelClient client, IStartedKernel kernel, JsonObject cell, string source, NotebookOutputs outputs,
        TimeSpan? timeout, CancellationToken stop)
    {
        var request = client.SendExecute(source);
        var clock = Stopwatch.StartNew();
        JupyterMessage? reply = null;
        var idle = false;
        var interruptedAt = TimeSpan.Zero;
        var repliedAt = TimeSpan.Zero;
        while (!(idle && reply is not null))
        {
            if (!idle && client.Receive(KernelChannel.IoPub, TimeSpan.FromMilliseconds(reply is null ? 20 : 200)) is { } published)
            {
                if (published.ParentHeader?.MessageId == request.Header.MessageId)
                {
                    outputs.Apply(cell, published);
                    idle = published.MessageType == "status" && published.GetString("execution_state") == "idle";
                }
            }
            else if (idle && reply is null)
            {
                Thread.Sleep(1);
            }
            if (reply is null && client.Receive(KernelChannel.Shell, TimeSpan.Zero) is { } answer && answer.ParentHeader?.MessageId == request.Header.MessageId)
            {
                reply = answer;
                repliedAt = clock.Elapsed;
            }
            // A reply without its idle status a few seconds later means iopub lost it; the reply is what counts.
            if (reply is not null && !idle && clock.Elapsed - repliedAt > TimeSpan.FromSeconds(5)) break;

            if (reply is null && kernel.ExitProblem is { } problem)
                return Abandoned(cell, KernelDied, problem);
            if (reply is null && stop.IsCancellationRequested)
                return Abandoned(cell, Stopped, "the run was stopped before this cell finished");
            if (reply is null && timeout is { } limit && clock.Elapsed > limit)
            {
                if (interruptedAt == TimeSpan.Zero)
                {
                    client.Send(KernelChannel.Control, "interrupt_request", []);
                    interruptedAt = clock.Elapsed;
                }
                else if (clock.Elapsed - interruptedAt > TimeSpan.FromSeconds(5))
                {
                    return Abandoned(cell, "Timeout", $"the cell ran longer than the --timeout of {limit.TotalSeconds:0} s and did not stop when interrupted");
                }
            }
        }
        if (interruptedAt != TimeSpan.Zero)
            return new JsonObject { ["status"] = "error", ["ename"] = "Timeout", ["evalue"] = $"the cell ran longer than the --timeout of {timeout!.Value.TotalSeconds:0} s and was interrupted" };
        return reply!.Content;
    }

    /// <summary>A cell given up without a reply: the reason goes into its outputs too, so the written notebook says it.</summary>
    static JsonObject Abandoned(JsonObject cell, string name, string value)
    {
        cell["outputs"]!.AsArray().Add(new JsonObject
        {
            ["output_type"] = "error", ["ename"] = name, ["evalue"] = value, ["traceback"] = new JsonArray($"{name}: {value}"),
        });
        return new JsonObject { ["status"] = "error", ["ename"] = name, ["evalue"] = value };
    }
}
