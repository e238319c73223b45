using System.Security.Cryptography;
using System.Text;

namespace LlmInteractive.Kernel.Transport;

/// <summary>
/// HMAC-SHA256 signatures over header, parent_header, metadata and content, as hex (Jupyter's signature_scheme
/// "hmac-sha256"). An empty key means signing is off, as the protocol allows.
/// </summary>
public sealed class MessageSigner(string key)
{
    readonly byte[] key = Encoding.UTF8.GetBytes(key);

    public bool Enabled => key.Length > 0;

    /// <summary>The lowercase hex signature of the four JSON frames ("" when signing is off).</summary>
    public string Sign(IEnumerable<byte[]> parts)
    {
        if (!Enabled) return "";
        return Convert.ToHexString(Digest(parts)).ToLowerInvariant();
    }

    /// <summary>True when <paramref name="signature"/> (hex bytes from the wire) signs <paramref name="parts"/>; compared in constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> signature, IEnumerable<byte[]> parts)
    {
        if (!Enabled) return true;
        var expected = Digest(parts);
        Span<byte> received = stackalloc byte[expected.Length];
        // A signature that is not exactly 64 hex digits cannot match; decode without throwing.
        if (signature.Length != expected.Length * 2 || !TryDecodeHex(signature, received)) return false;
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    byte[] Digest(IEnumerable<byte[]> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (var part in parts) hmac.AppendData(part);
        return hmac.GetHashAndReset();
    }

    static bool TryDecodeHex(ReadOnlySpan<byte> hex, Span<byte> into)
    {
        Span<char> chars = stackalloc char[hex.Length];
        for (var i = 0; i < hex.Length; i++) chars[i] = (char)hex[i];
        return Convert.FromHexString(chars, into, out _, out var written) == System.Buffers.OperationStatus.Done && written == into.Length;
    }
}
