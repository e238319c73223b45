using System.Text;
using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Protocol;

public class WireFormatTests
{
    [Fact]
    public void Encoded_messages_decode_to_the_same_value_with_identities_and_buffers()
    {
        var wire = new WireFormat(new MessageSigner("secret"));
        var parent = JupyterMessage.Create("execute_request", "s1", new JsonObject { ["code"] = "1+1" }, identities: [[7, 7]]);
        var reply = parent.Reply("execute_reply", new JsonObject { ["status"] = "ok" }) with { Buffers = [[1, 2, 3]] };

        var frames = wire.Encode(reply);
        Assert.Equal(new byte[] { 7, 7 }, frames[0]);
        Assert.Equal(WireFormat.Delimiter, frames[1]);
        var decoded = new WireFormat(new MessageSigner("secret")).TryDecode(frames, out var problem);

        Assert.NotNull(decoded);
        Assert.Equal("", problem);
        Assert.Equal(reply.Header, decoded.Header);
        Assert.Equal(parent.Header, decoded.ParentHeader);
        Assert.Equal("ok", decoded.GetString("status"));
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Buffers.Single());
    }

    [Fact]
    public void Signature_is_the_hex_hmac_sha256_of_the_four_json_frames()
    {
        var wire = new WireFormat(new MessageSigner("key"));
        var frames = wire.Encode(JupyterMessage.Create("kernel_info_request", "s", []));
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("key"));
        var expected = Convert.ToHexString(hmac.ComputeHash([.. frames[2], .. frames[3], .. frames[4], .. frames[5]])).ToLowerInvariant();
        Assert.Equal(expected, Encoding.ASCII.GetString(frames[1]));
    }

    [Fact]
    public void Tampered_content_wrong_key_and_replays_are_rejected()
    {
        var sender = new WireFormat(new MessageSigner("key"));
        var frames = sender.Encode(JupyterMessage.Create("execute_request", "s", new JsonObject { ["code"] = "a" }));
        var tampered = frames.ToList();
        tampered[5] = Encoding.UTF8.GetBytes("{\"code\":\"b\"}");

        var receiver = new WireFormat(new MessageSigner("key"));
        Assert.Null(receiver.TryDecode(tampered, out var problem));
        Assert.Contains("signature", problem);
        Assert.Null(new WireFormat(new MessageSigner("other")).TryDecode(frames, out _));
        Assert.NotNull(receiver.TryDecode(frames, out _));
        Assert.Null(receiver.TryDecode(frames, out problem));
        Assert.Contains("duplicate", problem);
    }

    [Fact]
    public void A_captured_request_is_rejected_as_a_replay_after_as_many_other_messages_as_ipykernel_remembers()
    {
        var sender = new WireFormat(new MessageSigner("key"));
        var receiver = new WireFormat(new MessageSigner("key"));
        var captured = sender.Encode(JupyterMessage.Create("execute_request", "s", new JsonObject { ["code"] = "a" }));
        Assert.NotNull(receiver.TryDecode(captured, out _));
        // ipykernel's Session keeps 65,536 digests: 65,535 later messages must not push the captured one out.
        for (var i = 1; i < 65_536; i++)
            Assert.NotNull(receiver.TryDecode(sender.Encode(JupyterMessage.Create("kernel_info_request", "s", [])), out _));

        Assert.Null(receiver.TryDecode(captured, out var problem));
        Assert.Contains("replayed", problem);
    }

    [Fact]
    public void Verify_rejects_signatures_of_the_wrong_length_or_non_hex()
    {
        var signer = new MessageSigner("key");
        byte[][] parts = ["{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray()];
        var good = Encoding.ASCII.GetBytes(signer.Sign(parts));
        Assert.True(signer.Verify(good, parts));
        Assert.False(signer.Verify(good[..^2], parts));
        Assert.False(signer.Verify(Encoding.ASCII.GetBytes(new string('z', 64)), parts));
        Assert.False(signer.Verify([], parts));
    }

    [Fact]
    public void Connection_file_problems_name_the_field_and_the_fix()
    {
        var path = Path.GetTempFileName();
        try
        {
            var info = ConnectionInfo.CreateLocal();
            info.Save(path);
            Assert.Equal(info, ConnectionInfo.Load(path));
            Assert.Equal($"tcp://127.0.0.1:{info.ShellPort}", info.Endpoint(info.ShellPort));

            File.WriteAllText(path, "{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":0,\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5,\"key\":\"\",\"signature_scheme\":\"hmac-sha256\"}");
            Assert.Contains("shell_port", Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(path)).Message);
            File.WriteAllText(path, "not json");
            Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(path)).Message);
            Assert.Throws<FileNotFoundException>(() => ConnectionInfo.Load(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
