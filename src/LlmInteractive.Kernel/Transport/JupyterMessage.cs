using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LlmInteractive.Kernel.Transport;

/// <summary>The header of a Jupyter message (messaging protocol 5.3).</summary>
public sealed record MessageHeader(
    [property: JsonPropertyName("msg_id")] string MessageId,
    [property: JsonPropertyName("session")] string Session,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("msg_type")] string MessageType,
    [property: JsonPropertyName("version")] string Version)
{
    public const string ProtocolVersion = "5.3";

    public static MessageHeader Create(string messageType, string session, string username = "kernel") =>
        new(Guid.NewGuid().ToString(), session, username, DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"), messageType, ProtocolVersion);
}

/// <summary>
/// One Jupyter message as a plain value: the routing identities, the four JSON parts and the binary buffers.
/// <see cref="ParentHeader"/> is null when the wire carries <c>{}</c>.
/// </summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities,
    MessageHeader Header,
    MessageHeader? ParentHeader,
    JsonObject Metadata,
    JsonObject Content,
    IReadOnlyList<byte[]> Buffers)
{
    public string MessageType => Header.MessageType;

    /// <summary>A new message of <paramref name="messageType"/> in <paramref name="session"/>.</summary>
    public static JupyterMessage Create(string messageType, string session, JsonObject content, MessageHeader? parent = null,
        IReadOnlyList<byte[]>? identities = null) =>
        new(identities ?? [], MessageHeader.Create(messageType, session), parent, [], content, []);

    /// <summary>A reply (or output) to this message: parent header set, routed back to the same identities.</summary>
    public JupyterMessage Reply(string messageType, JsonObject content) =>
        new(Identities, MessageHeader.Create(messageType, Header.Session), Header, [], content, []);

    /// <summary>The string content field <paramref name="name"/>, or <paramref name="fallback"/> when absent or not a string.</summary>
    public string GetString(string name, string fallback = "") =>
        Content[name] is JsonValue v && v.TryGetValue(out string? s) ? s : fallback;

    public bool GetBool(string name, bool fallback) =>
        Content[name] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;

    public int GetInt(string name, int fallback) =>
        Content[name] is JsonValue v && v.TryGetValue(out int i) ? i : fallback;
}
