using System.Buffers;
using System.Text;

namespace LlmInteractive.Tokenizers;

/// <summary>UTF-8 helpers for byte-level tokenizers: strict encoding and a readable view of arbitrary bytes.</summary>
internal static class Utf8Text
{
    // Strict: a lone surrogate cannot be encoded losslessly, so it must fail loudly rather than turn into U+FFFD.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Lenient decoding, like GPT-2's errors="replace": a cut token sequence still decodes to something.
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>UTF-8 bytes of <paramref name="text"/>; a lone surrogate is an error naming its position.</summary>
    public static byte[] Encode(string text)
    {
        EnsureWellFormed(text);
        return Strict.GetBytes(text);
    }

    public static string Decode(ReadOnlySpan<byte> bytes) => Lenient.GetString(bytes);

    /// <summary>Throws when <paramref name="text"/> holds an unpaired UTF-16 surrogate (not valid Unicode).</summary>
    public static void EnsureWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                throw new ArgumentException(
                    $"Text holds an unpaired UTF-16 surrogate U+{(int)c:X4} at position {i}; it is not valid Unicode. " +
                    "Remove it or fix the string that produced it (a surrogate pair split in two?).", nameof(text));
            }
        }
    }

    /// <summary>
    /// Text for display: complete UTF-8 sequences as characters, every other byte as \xNN
    /// (what a byte-level token that holds part of a character looks like).
    /// </summary>
    public static string Display(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out Rune rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                builder.Append(rune.ToString());
                bytes = bytes[consumed..];
            }
            else
            {
                builder.Append($"\\x{bytes[0]:X2}");
                bytes = bytes[1..];
            }
        }
        return builder.ToString();
    }
}
