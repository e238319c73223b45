using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// The kernel core (after ipykernel's kernelbase): a dispatch table from message type to handler, the execution
/// queue, status busy/idle around every request, execution counts, stop_on_error aborts, interrupt and shutdown.
/// Shell requests run one at a time on their own queue; control requests on another, so interrupt and shutdown
/// are answered while a cell runs. The language lives behind <see cref="IInterpreter"/>.
/// </summary>
public sealed class JupyterKernel : IDisposable
{
    readonly IInterpreter interpreter;
    readonly KernelOptions options;
    readonly TextWriter log;
    readonly KernelSockets sockets;
    readonly string session = Guid.NewGuid().ToString();
    readonly Channel<(JupyterMessage Message, long Sequence)> shellQueue = Channel.CreateUnbounded<(JupyterMessage, long)>(new() { SingleReader = true });
    readonly Channel<JupyterMessage> controlQueue = Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    readonly ExecutionHistory history = new();
    readonly InputRequests input;
    readonly TaskCompletionSource<bool> shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly IReadOnlyDictionary<string, Func<JupyterMessage, Task>> shellHandlers;
    readonly IReadOnlyDictionary<string, Func<JupyterMessage, Task>> controlHandlers;

    long received;          // sequence number of the last shell message received (socket thread)
    long abortThrough;      // shell messages up to this sequence number are aborted execute requests
    int executionCount;
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> controlRequests = new();
    volatile RunningCell? runningCell;
    volatile JupyterMessage? lastExecute;   // the cell that background exceptions are reported to (the running or the last one)

    public JupyterKernel(ConnectionInfo connection, IInterpreter interpreter, KernelOptions? options = null, TextWriter? log = null)
    {
        this.interpreter = interpreter;
        this.options = options ?? KernelOptions.Default;
        this.log = log ?? Console.Error;
        sockets = new KernelSockets(connection, OnMessage, this.log);
        input = new InputRequests(message => sockets.Send(KernelChannel.Stdin, message));

        // The map of the kernel: which message type is answered by which handler.
        shellHandlers = new Dictionary<string, Func<JupyterMessage, Task>>
        {
            ["execute_request"] = ExecuteAsync,
            ["kernel_info_request"] = KernelInfoAsync,
            ["complete_request"] = CompleteAsync,
            ["inspect_request"] = InspectAsync,
            ["is_complete_request"] = IsCompleteAsync,
            ["history_request"] = HistoryAsync,
            ["comm_info_request"] = CommInfoAsync,
            ["comm_open"] = CommOpenAsync,
            ["comm_msg"] = NoCommAsync,
            ["comm_close"] = NoCommAsync,
            ["shutdown_request"] = ShutdownAsync,
        };
        controlHandlers = new Dictionary<string, Func<JupyterMessage, Task>>
        {
            ["kernel_info_request"] = KernelInfoAsync,
            ["shutdown_request"] = ShutdownAsync,
            ["interrupt_request"] = InterruptRequestAsync,
        };
    }

    /// <summary>Message types answered on the shell socket.</summary>
    public IEnumerable<string> ShellMessageTypes => shellHandlers.Keys;

    /// <summary>Message types answered on the control socket.</summary>
    public IEnumerable<string> ControlMessageTypes => controlHandlers.Keys;

    /// <summary>
    /// Binds the sockets and serves requests until a shutdown_request (its restart flag is returned) or
    /// <paramref name="cancellation"/>.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken cancellation = default)
    {
        sockets.Start();
        using var sigint = options.HandleSigint
            ? PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; _ = InterruptRunningCellAsync(); })
            : null;
        if (options.SurviveUnhandledExceptions && !UnhandledExceptions.Install(ReportUnhandled))
            log.WriteLine("[llm-interactive] another unhandled-exception handler is set: an exception on a background thread will end the kernel");
        Publish(JupyterMessage.Create("status", session, new JsonObject { ["execution_state"] = "starting" }));
        var shellLoop = Task.Factory.StartNew(() => ServeAsync(shellQueue.Reader, m => Dispatch(m.Message, shellHandlers, m.Sequence)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        var controlLoop = Task.Factory.StartNew(() => ServeAsync(controlQueue.Reader, m => Dispatch(m, controlHandlers, -1)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        using (cancellation.Register(() => shutdown.TrySetResult(false)))
        {
            var restart = await shutdown.Task.ConfigureAwait(false);
            shellQueue.Writer.TryComplete();
            controlQueue.Writer.TryComplete();
            if (runningCell is { } cell) await InterruptAsync(cell).ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(shellLoop, controlLoop), Task.Delay(options.InterruptGrace)).ConfigureAwait(false);
            return restart;
        }
    }

    /// <summary>Interrupts the running cell as an interrupt_request would (SIGINT calls this): true when it stopped (or none ran).</summary>
    public Task<bool> InterruptRunningCellAsync() =>
        runningCell is { } cell ? InterruptAsync(cell) : Task.FromResult(true);

    void OnMessage(KernelChannel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case KernelChannel.Shell:
                shellQueue.Writer.TryWrite((message, Interlocked.Increment(ref received)));
                break;
            case KernelChannel.Control:
                controlRequests[message.Header.MessageId] = 0;
                controlQueue.Writer.TryWrite(message);
                break;
            case KernelChannel.Stdin when message.MessageType == "input_reply":
                if (!input.TryAnswer(message)) log.WriteLine("[llm-interactive] ignored an input_reply: no input_request is waiting for it");
                break;
            default:
                log.WriteLine($"[llm-interactive] ignored {message.MessageType} on {channel.ToString().ToLowerInvariant()}");
                break;
        }
    }

    static async Task ServeAsync<T>(ChannelReader<T> queue, Func<T, Task> handle)
    {
        await foreach (var item in queue.ReadAllAsync().ConfigureAwait(false)) await handle(item).ConfigureAwait(false);
    }

    /// <summary>status busy → the handler (outputs, reply) → status idle, every message with the request as parent.</summary>
    async Task Dispatch(JupyterMessage request, IReadOnlyDictionary<string, Func<JupyterMessage, Task>> handlers, long sequence)
    {
        if (!handlers.TryGetValue(request.MessageType, out var handler))
        {
            log.WriteLine($"[llm-interactive] unknown message type {request.MessageType}; ignored");
            controlRequests.TryRemove(request.Header.MessageId, out _);
            return;
        }
        PublishStatus(request, "busy");
        try
        {
            if (request.MessageType == "execute_request" && sequence <= Interlocked.Read(ref abortThrough))
                Reply(request, new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
            else
                await handler(request).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A failing handler answers with an error reply instead of leaving the front end waiting.
            log.WriteLine($"[llm-interactive] {request.MessageType} failed: {e}");
            Reply(request, ErrorContent(e.GetType().Name, e.Message, [e.ToString()]));
        }
        finally
        {
            PublishStatus(request, "idle");
            controlRequests.TryRemove(request.Header.MessageId, out _);
        }
    }

    async Task ExecuteAsync(JupyterMessage request)
    {
        var code = request.GetString("code");
        var silent = request.GetBool("silent", false);
        var storeHistory = !silent && request.GetBool("store_history", true);
        var stopOnError = request.GetBool("stop_on_error", true);
        if (storeHistory) executionCount++;
        var count = executionCount;
        if (!silent) Publish(request.Reply("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }));
        if (storeHistory) history.Add(count, code);

        if (!silent) lastExecute = request;
        var output = new CellOutputPublisher(Publish, request, silent, request.GetBool("allow_stdin", false) ? input : null);
        var cell = new RunningCell(count, (interrupt, abandon) =>
            interpreter.ExecuteAsync(code, new ExecutionOptions(silent, storeHistory, count) { Abandoned = abandon }, output, interrupt));
        runningCell = cell;
        ExecutionOutcome outcome;
        try
        {
            await cell.Settled.ConfigureAwait(false);
            // Once abandoned, the cell's own outcome (if the interpreter returns one) is not what happened: it still runs.
            outcome = cell.WasAbandoned ? IgnoredInterrupt(cell) : await Outcome(cell.Execution).ConfigureAwait(false);
            if (cell.WasAbandoned)
                log.WriteLine($"[llm-interactive] interrupt: cell [{count}] did not stop within {cell.Grace.TotalSeconds:0.#} s; abandoned, its thread keeps running");
        }
        finally
        {
            runningCell = null;
        }

        if (outcome.Error is { } error)
        {
            if (!silent) Publish(request.Reply("error", ErrorContent(error.Name, error.Value, error.Traceback, withStatus: false)));
            var reply = ErrorContent(error.Name, error.Value, error.Traceback);
            reply["execution_count"] = count;
            Reply(request, reply);
            // Requests that were queued behind the failing cell belong to the same run: abort them.
            if (stopOnError) Interlocked.Exchange(ref abortThrough, Interlocked.Read(ref received));
            return;
        }
        if (outcome.Result is { } result && !silent)
        {
            if (storeHistory && result.Data.TryGetValue("text/plain", out var plain) && plain is string text) history.AddOutput(count, text);
            var content = CellOutputPublisher.ToContent(result);
            content["execution_count"] = count;
            Publish(request.Reply("execute_result", content));
        }
        Reply(request, new JsonObject
        {
            ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = new JsonObject(),
            ["payload"] = new JsonArray([.. (outcome.Payload ?? []).Select(p => System.Text.Json.JsonSerializer.SerializeToNode(p))]),
        });
    }

    static async Task<ExecutionOutcome> Outcome(Task<ExecutionOutcome> execution)
    {
        try
        {
            return await execution.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return ExecutionOutcome.Failed("Interrupted", "The cell was interrupted.", ["Interrupted: the cell was interrupted."]);
        }
        catch (Exception e)
        {
            // The interpreter reports user errors as outcomes; an exception here is its own failure.
            return ExecutionOutcome.Failed(e.GetType().Name, e.Message, [e.ToString()]);
        }
    }

    static ExecutionOutcome IgnoredInterrupt(RunningCell cell)
    {
        var text = IgnoredInterruptText(cell);
        return ExecutionOutcome.Failed(CellErrors.InterruptIgnored, text, [$"{CellErrors.InterruptIgnored}: {text}"]);
    }

    /// <summary>The one message for a cell that did not stop: interrupt_reply, execute_reply and the iopub error all carry it.</summary>
    static string IgnoredInterruptText(RunningCell cell) =>
        $"Cell [{cell.ExecutionCount}] ignored the interrupt: it did not stop within {cell.Grace.TotalSeconds:0.#} s, so the kernel " +
        "stopped waiting for it. It is still running on its own thread (using CPU and the memory it holds), and only a restart " +
        $"of the kernel stops it. Later cells run meanwhile, from the state before cell [{cell.ExecutionCount}]. To make a long " +
        "loop interruptible, call Cancellation.ThrowIfCancellationRequested() in it.";

    /// <summary>interrupt_reply "ok" only once the cell has stopped; an error naming the cell when it was abandoned.</summary>
    async Task InterruptRequestAsync(JupyterMessage request)
    {
        if (runningCell is not { } cell)
        {
            Reply(request, new JsonObject { ["status"] = "ok" }, KernelChannel.Control);
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (await InterruptAsync(cell).ConfigureAwait(false))
        {
            log.WriteLine($"[llm-interactive] interrupt: cell [{cell.ExecutionCount}] stopped after {clock.Elapsed.TotalSeconds:0.###} s");
            Reply(request, new JsonObject { ["status"] = "ok" }, KernelChannel.Control);
        }
        else
        {
            var ignored = IgnoredInterrupt(cell).Error!;
            Reply(request, ErrorContent(ignored.Name, ignored.Value, ignored.Traceback), KernelChannel.Control);
        }
    }

    /// <summary>
    /// An exception nothing caught, on a thread other than a cell's own (threads, timers, async void the cells started):
    /// written to the log at once, then to the notebook as stderr of the running (or last) cell. The kernel survives it,
    /// unless it hit the socket thread, without which no request can be answered.
    /// </summary>
    bool ReportUnhandled(Exception exception)
    {
        var thread = Thread.CurrentThread;
        var where = thread.Name is { Length: > 0 } name ? $"thread '{name}'" : thread.IsThreadPoolThread ? "a thread-pool thread" : $"thread {thread.ManagedThreadId}";
        var fatal = thread.Name == KernelSockets.ThreadName;
        log.WriteLine($"[llm-interactive] unhandled exception on {where}{(fatal ? "; the kernel cannot serve without it and exits" : "; the kernel keeps running")}: {exception}");
        log.Flush();
        if (fatal) return false;
        if (lastExecute is { } parent)
        {
            var text = $"Unhandled {exception.GetType().FullName} on {where}: {exception.Message}\n" +
                       string.Concat(CellErrors.Frames(exception).Select(f => f + "\n")) +
                       "Nothing caught it, so that thread's work stopped there; the kernel keeps running.\n";
            Publish(parent.Reply("stream", new JsonObject { ["name"] = "stderr", ["text"] = text }));
        }
        return true;
    }

    /// <summary>Interrupts <paramref name="cell"/> with the kernel's one grace period (shared by every interrupt of the cell).</summary>
    Task<bool> InterruptAsync(RunningCell cell) => cell.InterruptAsync(options.InterruptGrace);

    Task KernelInfoAsync(JupyterMessage request)
    {
        var language = interpreter.Language;
        Reply(request, new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = MessageHeader.ProtocolVersion,
            ["implementation"] = KernelOptions.Implementation,
            ["implementation_version"] = KernelOptions.ImplementationVersion,
            ["language_info"] = new JsonObject
            {
                ["name"] = language.Name, ["version"] = language.Version, ["mimetype"] = language.MimeType,
                ["file_extension"] = language.FileExtension, ["pygments_lexer"] = language.PygmentsLexer,
                ["codemirror_mode"] = language.CodeMirrorMode,
            },
            ["banner"] = language.Banner,
            ["help_links"] = new JsonArray([.. language.HelpLinks.Select(l => (JsonNode)new JsonObject { ["text"] = l.Text, ["url"] = l.Url })]),
            ["debugger"] = false,
        }, ChannelOf(request));
        return Task.CompletedTask;
    }

    async Task CompleteAsync(JupyterMessage request)
    {
        var completion = await interpreter.CompleteAsync(request.GetString("code"), request.GetInt("cursor_pos", 0), CancellationToken.None).ConfigureAwait(false);
        var metadata = new JsonObject();
        if (completion.Items is { } items)
            metadata["_jupyter_types_experimental"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["text"] = i.Text, ["type"] = i.Type, ["start"] = i.Start, ["end"] = i.End, ["signature"] = i.Signature ?? "",
            })]);
        Reply(request, new JsonObject
        {
            ["status"] = "ok", ["matches"] = new JsonArray([.. completion.Matches.Select(m => (JsonNode)JsonValue.Create(m))]),
            ["cursor_start"] = completion.CursorStart, ["cursor_end"] = completion.CursorEnd, ["metadata"] = metadata,
        });
    }

    async Task InspectAsync(JupyterMessage request)
    {
        var found = await interpreter.InspectAsync(request.GetString("code"), request.GetInt("cursor_pos", 0), request.GetInt("detail_level", 0), CancellationToken.None).ConfigureAwait(false);
        var content = found is null ? new JsonObject { ["data"] = new JsonObject(), ["metadata"] = new JsonObject() } : CellOutputPublisher.ToContent(found);
        content["status"] = "ok";
        content["found"] = found is not null;
        Reply(request, content);
    }

    async Task IsCompleteAsync(JupyterMessage request)
    {
        var (status, indent) = await interpreter.IsCompleteAsync(request.GetString("code"), CancellationToken.None).ConfigureAwait(false);
        var content = new JsonObject { ["status"] = status };
        if (status == "incomplete") content["indent"] = indent;
        Reply(request, content);
    }

    Task HistoryAsync(JupyterMessage request)
    {
        Reply(request, new JsonObject { ["status"] = "ok", ["history"] = history.Query(request.Content) });
        return Task.CompletedTask;
    }

    Task CommInfoAsync(JupyterMessage request)
    {
        // No comm targets (widgets) are registered by this kernel.
        Reply(request, new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
        return Task.CompletedTask;
    }

    /// <summary>
    /// No comm target is registered (no widgets), so an opened comm is closed at once, as ipykernel does for unknown
    /// targets: a front end that probes for one (JupyterLab's widget manager) learns it is not there instead of waiting.
    /// </summary>
    Task CommOpenAsync(JupyterMessage request)
    {
        log.WriteLine($"[llm-interactive] no comm target '{request.GetString("target_name")}' is registered; closing the comm");
        Publish(request.Reply("comm_close", new JsonObject { ["comm_id"] = request.GetString("comm_id"), ["data"] = new JsonObject() }));
        return Task.CompletedTask;
    }

    /// <summary>Messages to comms this kernel closed or never opened have no reply in the protocol: nothing to do.</summary>
    static Task NoCommAsync(JupyterMessage request) => Task.CompletedTask;

    Task ShutdownAsync(JupyterMessage request)
    {
        var restart = request.GetBool("restart", false);
        var content = new JsonObject { ["status"] = "ok", ["restart"] = restart };
        Reply(request, content, ChannelOf(request));
        // ipykernel also broadcasts the reply, so every front end learns of the shutdown.
        Publish(request.Reply("shutdown_reply", (JsonObject)content.DeepClone()));
        shutdown.TrySetResult(restart);
        return Task.CompletedTask;
    }

    void Reply(JupyterMessage request, JsonObject content, KernelChannel? channel = null) =>
        sockets.Send(channel ?? ChannelOf(request), request.Reply(request.MessageType.Replace("_request", "_reply"), content));

    KernelChannel ChannelOf(JupyterMessage request) =>
        controlRequests.ContainsKey(request.Header.MessageId) ? KernelChannel.Control : KernelChannel.Shell;

    void Publish(JupyterMessage message) =>
        sockets.Send(KernelChannel.IoPub, message with { Identities = [System.Text.Encoding.UTF8.GetBytes($"kernel.{session}.{message.MessageType}")] });

    void PublishStatus(JupyterMessage request, string state) =>
        Publish(request.Reply("status", new JsonObject { ["execution_state"] = state }));

    static JsonObject ErrorContent(string name, string value, IEnumerable<string> traceback, bool withStatus = true)
    {
        var content = new JsonObject
        {
            ["ename"] = name, ["evalue"] = value, ["traceback"] = new JsonArray([.. traceback.Select(t => (JsonNode)JsonValue.Create(t))]),
        };
        if (withStatus) content["status"] = "error";
        return content;
    }

    public void Dispose() => sockets.Dispose();
}
