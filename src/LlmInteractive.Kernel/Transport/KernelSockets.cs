using NetMQ;
using NetMQ.Sockets;

namespace LlmInteractive.Kernel.Transport;

/// <summary>
/// The kernel side of the five Jupyter sockets, bound only to the connection file's address. One poller thread
/// owns every socket (NetMQ sockets are single-threaded): received messages are verified and handed to
/// <c>onMessage</c>; <see cref="Send"/> may be called from any thread and is marshalled onto the poller.
/// The heartbeat echoes on the same thread, so it answers while cells run elsewhere.
/// </summary>
public sealed class KernelSockets : IDisposable
{
    readonly ConnectionInfo connection;
    readonly WireFormat wire;
    readonly Action<KernelChannel, JupyterMessage> onMessage;
    readonly TextWriter log;
    readonly RouterSocket shell = new(), control = new(), stdin = new();
    readonly PublisherSocket iopub = new();
    readonly ResponseSocket heartbeat = new();
    readonly NetMQQueue<(KernelChannel Channel, List<byte[]> Frames)> outgoing = new();
    readonly NetMQPoller poller;
    Thread? pollerThread;

    public KernelSockets(ConnectionInfo connection, Action<KernelChannel, JupyterMessage> onMessage, TextWriter log)
    {
        this.connection = connection;
        this.onMessage = onMessage;
        this.log = log;
        wire = new WireFormat(new MessageSigner(connection.Key));
        // Outputs queued at shutdown still go out before the sockets close.
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat }) socket.Options.Linger = TimeSpan.FromSeconds(1);
        shell.ReceiveReady += (_, e) => Receive(KernelChannel.Shell, e.Socket);
        control.ReceiveReady += (_, e) => Receive(KernelChannel.Control, e.Socket);
        stdin.ReceiveReady += (_, e) => Receive(KernelChannel.Stdin, e.Socket);
        heartbeat.ReceiveReady += (_, e) => Echo(e.Socket);
        outgoing.ReceiveReady += (_, _) => Flush();
        poller = [shell, control, stdin, iopub, heartbeat, outgoing];
    }

    public WireFormat Wire => wire;

    /// <summary>Binds the sockets and starts the poller thread.</summary>
    /// <summary>The name of the thread that serves the sockets (the kernel cannot work without it).</summary>
    public const string ThreadName = "jupyter-sockets";

    public void Start()
    {
        Bind(shell, connection.ShellPort, "shell");
        Bind(control, connection.ControlPort, "control");
        Bind(stdin, connection.StdinPort, "stdin");
        Bind(iopub, connection.IoPubPort, "iopub");
        Bind(heartbeat, connection.HeartbeatPort, "hb");
        pollerThread = new Thread(poller.Run) { IsBackground = true, Name = ThreadName };
        pollerThread.Start();
    }

    /// <summary>Signs and queues <paramref name="message"/> for <paramref name="channel"/>; thread-safe.</summary>
    public void Send(KernelChannel channel, JupyterMessage message)
    {
        if (channel == KernelChannel.Heartbeat) throw new ArgumentException("The heartbeat only echoes; send messages on shell, control, stdin or iopub.", nameof(channel));
        outgoing.Enqueue((channel, wire.Encode(message)));
    }

    void Bind(NetMQSocket socket, int port, string name)
    {
        var endpoint = connection.Endpoint(port);
        try
        {
            socket.Bind(endpoint);
        }
        catch (Exception e) when (e is NetMQException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"Cannot bind the {name} socket to {endpoint} ({e.Message}); another process may hold the port, start the kernel with a fresh connection file.", e);
        }
    }

    void Receive(KernelChannel channel, NetMQSocket socket)
    {
        var frames = new List<byte[]>();
        if (!socket.TryReceiveMultipartBytes(ref frames!) || frames is null) return;
        JupyterMessage? message;
        try
        {
            message = wire.TryDecode(frames, out var problem);
            if (message is null)
            {
                log.WriteLine($"[llm-interactive] dropped a message on {channel.ToString().ToLowerInvariant()}: {problem}");
                return;
            }
        }
        catch (Exception e)
        {
            log.WriteLine($"[llm-interactive] dropped a message on {channel.ToString().ToLowerInvariant()}: {e.Message}");
            return;
        }
        try
        {
            onMessage(channel, message);
        }
        catch (Exception e)
        {
            // A handler bug must not take the socket thread (and with it the heartbeat) down.
            log.WriteLine($"[llm-interactive] handling {message.MessageType} failed: {e}");
        }
    }

    static void Echo(NetMQSocket socket)
    {
        var frames = new List<byte[]>();
        if (socket.TryReceiveMultipartBytes(ref frames!) && frames is not null) socket.SendMultipartBytes(frames);
    }

    void Flush()
    {
        while (outgoing.TryDequeue(out var item, TimeSpan.Zero))
        {
            NetMQSocket socket = item.Channel switch
            {
                KernelChannel.Shell => shell,
                KernelChannel.Control => control,
                KernelChannel.Stdin => stdin,
                _ => iopub,
            };
            // A ROUTER drops messages to vanished peers silently; a full PUB queue drops too; never block the poller.
            var msg = new NetMQMessage(item.Frames);
            socket.TrySendMultipartMessage(TimeSpan.FromMilliseconds(100), msg);
        }
    }

    public void Dispose()
    {
        if (pollerThread is not null)
        {
            poller.Stop();
            pollerThread.Join(TimeSpan.FromSeconds(2));
            // The poller has stopped, so this thread may own the sockets now: send what is still queued (the shutdown reply).
            Flush();
        }
        poller.Dispose();
        outgoing.Dispose();
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat }) socket.Dispose();
    }
}
