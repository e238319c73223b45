using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmInteractive.Kernel.Transport;

/// <summary>
/// A Jupyter connection file: where the five sockets live and the key that signs every message.
/// The front end writes it and passes its path to the kernel (<c>--connection-file</c>).
/// </summary>
public sealed record ConnectionInfo(
    [property: JsonPropertyName("transport")] string Transport,
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("shell_port")] int ShellPort,
    [property: JsonPropertyName("iopub_port")] int IoPubPort,
    [property: JsonPropertyName("stdin_port")] int StdinPort,
    [property: JsonPropertyName("control_port")] int ControlPort,
    [property: JsonPropertyName("hb_port")] int HeartbeatPort,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("signature_scheme")] string SignatureScheme)
{
    [JsonPropertyName("kernel_name")]
    public string? KernelName { get; init; }

    /// <summary>The ZeroMQ endpoint of one port, e.g. tcp://127.0.0.1:5555 (ipc uses ip-port as the path, as jupyter_client does).</summary>
    public string Endpoint(int port) => Transport switch
    {
        "tcp" => $"tcp://{Ip}:{port}",
        "ipc" => $"ipc://{Ip}-{port}",
        _ => throw new InvalidOperationException($"Connection transport '{Transport}' is not supported; use \"tcp\" or \"ipc\" in the connection file."),
    };

    /// <summary>Reads and checks a connection file.</summary>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Connection file '{path}' does not exist; pass the file the Jupyter front end wrote ({{connection_file}} in kernel.json).", path);
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Connection file '{path}' is not valid JSON ({e.Message}); it must be the JSON object a Jupyter front end writes.", e);
        }
        if (info is null)
            throw new InvalidDataException($"Connection file '{path}' is empty; it must be the JSON object a Jupyter front end writes.");
        return info.Validated(path);
    }

    ConnectionInfo Validated(string source)
    {
        if (Transport is not ("tcp" or "ipc"))
            throw new InvalidDataException($"Connection file '{source}': transport '{Transport}' is not supported; use \"tcp\" or \"ipc\".");
        if (string.IsNullOrWhiteSpace(Ip))
            throw new InvalidDataException($"Connection file '{source}' has no \"ip\"; add e.g. \"ip\": \"127.0.0.1\".");
        foreach (var (name, port) in new[] { ("shell_port", ShellPort), ("iopub_port", IoPubPort), ("stdin_port", StdinPort), ("control_port", ControlPort), ("hb_port", HeartbeatPort) })
            if (port is <= 0 or > 65535)
                throw new InvalidDataException($"Connection file '{source}': {name} is {port}; give each of the five ports a number between 1 and 65535.");
        if (Key.Length > 0 && SignatureScheme != "hmac-sha256")
            throw new InvalidDataException($"Connection file '{source}': signature_scheme '{SignatureScheme}' is not supported; use \"hmac-sha256\".");
        return this;
    }

    /// <summary>A fresh connection on the loopback interface with five free ports and a random key (what a client writes).</summary>
    public static ConnectionInfo CreateLocal()
    {
        var ports = FreeTcpPorts(5);
        return new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
            Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(), "hmac-sha256");
    }

    /// <summary>
    /// Writes the file readable and writable by its owner only (0600): it holds the key that lets anyone run code in
    /// the kernel. The file is created with that mode beside <paramref name="path"/> and renamed over it, so the key
    /// is never readable by others, not even for a moment, and an existing file with a wider mode is replaced.
    /// </summary>
    public void Save(string path)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
                JsonSerializer.Serialize(stream, this, new JsonSerializerOptions { WriteIndented = true });
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    static int[] FreeTcpPorts(int count)
    {
        // Hold all listeners open together so the same port is never handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
