using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmInteractive.Kernel.Transport;

/// <summary>
/// Jupyter's wire format: identities, <c>&lt;IDS|MSG&gt;</c>, signature, header, parent_header, metadata, content,
/// buffers. Encodes signed; decodes only messages whose signature verifies and that were not seen before
/// (a replayed signature is rejected, as ipykernel's Session does).
/// </summary>
public sealed class WireFormat(MessageSigner signer)
{
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    static readonly JsonSerializerOptions json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };
    /// <summary>
    /// How many signatures are remembered to reject replays: ipykernel's digest_history_size. A captured message
    /// replayed after more messages than this would run again (64-hex signatures: about 10 MB when full).
    /// </summary>
    public const int RememberedSignatures = 65_536;

    readonly HashSet<string> seenSignatures = [];
    readonly Queue<string> seenOrder = new();
    readonly Lock seenLock = new();

    public List<byte[]> Encode(JupyterMessage message)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(message.Header, json);
        var parent = message.ParentHeader is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(message.ParentHeader, json);
        var metadata = Encoding.UTF8.GetBytes(message.Metadata.ToJsonString());
        var content = Encoding.UTF8.GetBytes(message.Content.ToJsonString());
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign([header, parent, metadata, content])));
        frames.AddRange([header, parent, metadata, content]);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Decodes <paramref name="frames"/>; on failure returns null and says why in <paramref name="problem"/>. Never throws.</summary>
    public JupyterMessage? TryDecode(IReadOnlyList<byte[]> frames, out string problem)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0) { problem = $"no <IDS|MSG> delimiter among {frames.Count} frames"; return null; }
        if (frames.Count - delimiter < 6) { problem = $"only {frames.Count - delimiter - 1} frames after <IDS|MSG>; need signature and four JSON parts"; return null; }

        var signature = frames[delimiter + 1];
        var parts = new[] { frames[delimiter + 2], frames[delimiter + 3], frames[delimiter + 4], frames[delimiter + 5] };
        if (!signer.Verify(signature, parts)) { problem = "missing or wrong HMAC signature"; return null; }
        if (signer.Enabled && !Remember(Encoding.ASCII.GetString(signature))) { problem = "duplicate signature (a replayed message)"; return null; }

        try
        {
            var header = JsonSerializer.Deserialize<MessageHeader>(parts[0], json);
            if (header?.MessageId is null || header.MessageType is null) { problem = "header lacks msg_id or msg_type"; return null; }
            var parentNode = JsonNode.Parse(parts[1]) as JsonObject;
            var parent = parentNode is { Count: > 0 } && parentNode.ContainsKey("msg_id") ? parentNode.Deserialize<MessageHeader>(json) : null;
            var metadata = JsonNode.Parse(parts[2]) as JsonObject ?? [];
            var content = JsonNode.Parse(parts[3]) as JsonObject;
            if (content is null) { problem = "content is not a JSON object"; return null; }
            problem = "";
            return new JupyterMessage(frames.Take(delimiter).ToArray(), header with
            {
                Session = header.Session ?? "",
                Username = header.Username ?? "",
                Date = header.Date ?? "",
                Version = header.Version ?? MessageHeader.ProtocolVersion,
            }, parent, metadata, content, frames.Skip(delimiter + 6).ToArray());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            problem = $"malformed JSON ({e.Message})";
            return null;
        }
    }

    bool Remember(string signature)
    {
        lock (seenLock)
        {
            if (!seenSignatures.Add(signature)) return false;
            seenOrder.Enqueue(signature);
            if (seenOrder.Count > RememberedSignatures) seenSignatures.Remove(seenOrder.Dequeue());
            return true;
        }
    }
}
