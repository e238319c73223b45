using System.Text;

namespace LlmInteractive.Tests.Tokenizers;

/// <summary>Random well-formed Unicode strings for round-trip properties: ASCII words and punctuation, whitespace runs,
/// contractions, Latin-1, combining marks, CJK, emoji and other astral characters (surrogate pairs).</summary>
internal static class RandomText
{
    private static readonly (int From, int To)[] Ranges =
    [
        (0x20, 0x7E), (0x20, 0x7E), (0x61, 0x7A), (0x61, 0x7A), // ASCII, weighted towards letters
        (0x09, 0x0D),              // tab, newlines, vertical whitespace
        (0xA0, 0xFF),              // Latin-1 incl. no-break space
        (0x300, 0x36F),            // combining diacritics
        (0x391, 0x3C9),            // Greek
        (0x4E00, 0x9FFF),          // CJK ideographs
        (0x1F600, 0x1F64F),        // emoji (surrogate pairs in UTF-16)
        (0x1D400, 0x1D7FF),        // mathematical alphanumerics (astral letters)
        (0x10000, 0x10FFFF),       // anything astral, assigned or not
        (0xE000, 0xF8FF),          // private use
        (0x2000, 0x206F),          // general punctuation, odd spaces
    ];

    public static string Next(Random random, int maxLength)
    {
        int length = random.Next(maxLength + 1);
        var builder = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            switch (random.Next(10))
            {
                case 0: builder.Append(random.Next(4) switch { 0 => "'s", 1 => "'ll", 2 => "  ", _ => "\r\n" }); break;
                default:
                    var (from, to) = Ranges[random.Next(Ranges.Length)];
                    int code = random.Next(from, to + 1);
                    if (Rune.IsValid(code)) builder.Append(new Rune(code).ToString());
                    break;
            }
        }
        return builder.ToString();
    }
}
