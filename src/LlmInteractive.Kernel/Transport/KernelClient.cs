using System.Diagnostics;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace LlmInteractive.Kernel.Transport;

/// <summary>
/// The front-end side of the five sockets (DEALER shell/control/stdin, SUB iopub, REQ heartbeat): what
/// <c>llm-interactive run</c> and the tests use to drive a kernel. Not thread-safe: use it from one thread.
/// </summary>
public sealed class KernelClient : IDisposable
{
    readonly ConnectionInfo connection;
    readonly WireFormat wire;
    readonly DealerSocket shell = new(), control = new(), stdin = new();
    readonly SubscriberSocket iopub = new();
    readonly RequestSocket heartbeat = new();

    public KernelClient(ConnectionInfo connection)
    {
        this.connection = connection;
        wire = new WireFormat(new MessageSigner(connection.Key));
        var identity = System.Text.Encoding.ASCII.GetBytes(Session);
        // Shell and stdin share an identity so the kernel can route input_request to this client.
        shell.Options.Identity = identity;
        stdin.Options.Identity = identity;
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat }) socket.Options.Linger = TimeSpan.Zero;
        shell.Connect(connection.Endpoint(connection.ShellPort));
        control.Connect(connection.Endpoint(connection.ControlPort));
        stdin.Connect(connection.Endpoint(connection.StdinPort));
        iopub.Connect(connection.Endpoint(connection.IoPubPort));
        iopub.SubscribeToAnyTopic();
        heartbeat.Connect(connection.Endpoint(connection.HeartbeatPort));
    }

    public string Session { get; } = Guid.NewGuid().ToString();

    /// <summary>Signs and sends a request; returns it (its header's msg_id identifies the replies).</summary>
    public JupyterMessage Send(KernelChannel channel, string messageType, JsonObject content)
    {
        var message = JupyterMessage.Create(messageType, Session, content);
        SendFrames(channel, wire.Encode(message));
        return message;
    }

    /// <summary>Sends raw frames as they are (tests use it for forged or garbled messages).</summary>
    public void SendFrames(KernelChannel channel, IReadOnlyList<byte[]> frames)
    {
        var message = new NetMQMessage(frames);
        if (!Socket(channel).TrySendMultipartMessage(TimeSpan.FromSeconds(5), message))
            throw new TimeoutException($"The kernel's {channel} socket took no message for 5 s; is the kernel running at {connection.Ip}?");
    }

    /// <summary>The next verified message on <paramref name="channel"/>, or null after <paramref name="timeout"/>.</summary>
    public JupyterMessage? Receive(KernelChannel channel, TimeSpan timeout)
    {
        var socket = Socket(channel);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // Whole milliseconds: NetMQ truncates a timeout to milliseconds, and a positive one under 1 ms becomes a
            // busy wait that never times out (it returns only when a message arrives).
            var left = TimeSpan.FromMilliseconds(Math.Max(0, Math.Ceiling((timeout - deadline.Elapsed).TotalMilliseconds)));
            var frames = new List<byte[]>();
            if (!socket.TryReceiveMultipartBytes(left, ref frames!) || frames is null) return null;
            var message = wire.TryDecode(frames, out _);
            if (message is not null) return message;
            if (deadline.Elapsed >= timeout) return null;
        }
    }

    /// <summary>The reply to <paramref name="request"/> on its channel, skipping replies to other requests.</summary>
    public JupyterMessage? ReceiveReply(KernelChannel channel, JupyterMessage request, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var message = Receive(channel, timeout - deadline.Elapsed);
            if (message?.ParentHeader?.MessageId == request.Header.MessageId) return message;
        }
        return null;
    }

    /// <summary>True when the heartbeat echoes within <paramref name="timeout"/>.</summary>
    public bool Ping(TimeSpan timeout)
    {
        heartbeat.SendFrame("ping");
        return heartbeat.TryReceiveFrameString(timeout, out var echo) && echo == "ping";
    }

    /// <summary>
    /// Waits until the kernel answers kernel_info on shell and iopub delivers to this client (a SUB socket misses
    /// what was published before it joined, so requests are repeated until iopub answers, as jupyter_client does).
    /// </summary>
    public JupyterMessage WaitForReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        JupyterMessage? reply = null;
        var iopubSeen = false;
        while (clock.Elapsed < timeout)
        {
            var request = Send(KernelChannel.Shell, "kernel_info_request", []);
            var attempt = Stopwatch.StartNew();
            while (attempt.Elapsed < TimeSpan.FromSeconds(1) && !(reply is not null && iopubSeen))
            {
                var shellReply = Receive(KernelChannel.Shell, TimeSpan.FromMilliseconds(20));
                if (shellReply?.MessageType == "kernel_info_reply") reply = shellReply;
                var published = Receive(KernelChannel.IoPub, TimeSpan.FromMilliseconds(20));
                if (published?.ParentHeader?.MessageId == request.Header.MessageId) iopubSeen = true;
            }
            if (reply is not null && iopubSeen)
            {
                DrainIoPub(TimeSpan.FromMilliseconds(50));
                return reply;
            }
        }
        throw new TimeoutException($"The kernel did not answer kernel_info_request within {timeout.TotalSeconds:0} s; check its stderr for a startup error.");
    }

    /// <summary>Runs <paramref name="code"/>: collects the iopub messages of the request up to status idle, and the execute_reply.</summary>
    public ExecutionRecord Execute(string code, TimeSpan timeout, bool silent = false, bool storeHistory = true, bool stopOnError = true) =>
        Collect(SendExecute(code, silent, storeHistory, stopOnError), timeout);

    /// <summary>Sends an execute_request without waiting (its header's msg_id identifies the replies).</summary>
    public JupyterMessage SendExecute(string code, bool silent = false, bool storeHistory = true, bool stopOnError = true, bool allowStdin = false) =>
        Send(KernelChannel.Shell, "execute_request", ExecuteContent(code, silent, storeHistory, stopOnError, allowStdin));

    /// <summary>The content of an execute_request; <paramref name="allowStdin"/> only for a client that answers input_request.</summary>
    public static JsonObject ExecuteContent(string code, bool silent = false, bool storeHistory = true, bool stopOnError = true, bool allowStdin = false) => new()
    {
        ["code"] = code, ["silent"] = silent, ["store_history"] = storeHistory,
        ["user_expressions"] = new JsonObject(), ["allow_stdin"] = allowStdin, ["stop_on_error"] = stopOnError,
    };

    /// <summary>The iopub messages of <paramref name="request"/> up to its status idle, and its shell reply.</summary>
    public ExecutionRecord Collect(JupyterMessage request, TimeSpan timeout, KernelChannel replyChannel = KernelChannel.Shell)
    {
        var clock = Stopwatch.StartNew();
        var published = new List<JupyterMessage>();
        JupyterMessage? reply = null;
        var idle = false;
        while (clock.Elapsed < timeout && !(idle && reply is not null))
        {
            if (!idle)
            {
                var message = Receive(KernelChannel.IoPub, TimeSpan.FromMilliseconds(reply is null ? 10 : 50));
                if (message?.ParentHeader?.MessageId == request.Header.MessageId)
                {
                    published.Add(message);
                    idle = message.MessageType == "status" && message.GetString("execution_state") == "idle";
                }
            }
            if (reply is null)
            {
                var answer = Receive(replyChannel, TimeSpan.FromMilliseconds(idle ? 50 : 1));
                if (answer?.ParentHeader?.MessageId == request.Header.MessageId) reply = answer;
            }
        }
        return new ExecutionRecord(request, reply, published, TimedOut: !(idle && reply is not null));
    }

    void DrainIoPub(TimeSpan quiet)
    {
        while (Receive(KernelChannel.IoPub, quiet) is not null) { }
    }

    NetMQSocket Socket(KernelChannel channel) => channel switch
    {
        KernelChannel.Shell => shell,
        KernelChannel.Control => control,
        KernelChannel.Stdin => stdin,
        KernelChannel.IoPub => iopub,
        _ => throw new ArgumentException("Use Ping for the heartbeat.", nameof(channel)),
    };

    public void Dispose()
    {
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat }) socket.Dispose();
    }
}

/// <summary>One request's outcome as a client sees it: the iopub messages in order and the reply (null on timeout).</summary>
public sealed record ExecutionRecord(JupyterMessage Request, JupyterMessage? Reply, IReadOnlyList<JupyterMessage> Published, bool TimedOut);
