using System.Buffers.Binary;
using System.Text;

namespace LlmInteractive.Runtime;

/// <summary>
/// Reads and edits the version-need table (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library. Marking an entry weak (VER_FLG_WEAK) lets the dynamic loader accept a library whose required
/// symbol version is missing on this system, as long as no symbol of that version is actually called.
/// </summary>
public static class ElfVersionNeeds
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    /// <summary>One required version: the library it comes from, its name, and whether it is weak.</summary>
    public readonly record struct Need(string File, string Version, bool Weak, int FlagsOffset);

    /// <summary>Lists every version the library needs from other libraries.</summary>
    public static IReadOnlyList<Need> Read(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");

        var sectionTable = checked((int)U64(elf, 0x28));
        var sectionSize = U16(elf, 0x3A);
        var sectionCount = U16(elf, 0x3C);
        var needs = new List<Need>();
        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionTable + i * sectionSize;
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;

            var offset = checked((int)U64(elf, header + 0x18));
            var stringSection = sectionTable + (int)U32(elf, header + 0x28) * sectionSize;
            var strings = checked((int)U64(elf, stringSection + 0x18));
            var entryCount = U32(elf, header + 0x2C);

            var need = offset;
            for (var n = 0; n < entryCount; n++)
            {
                var file = CString(elf, strings + (int)U32(elf, need + 4));
                var aux = need + (int)U32(elf, need + 8);
                for (var a = 0; a < U16(elf, need + 2); a++)
                {
                    var flags = U16(elf, aux + 4);
                    var name = CString(elf, strings + (int)U32(elf, aux + 8));
                    needs.Add(new Need(file, name, (flags & VerFlagWeak) != 0, aux + 4));
                    aux += (int)U32(elf, aux + 12);
                }
                need += (int)U32(elf, need + 12);
            }
        }
        return needs;
    }

    /// <summary>
    /// Returns a copy of <paramref name="elf"/> with the named required versions marked weak.
    /// Throws when a version is not required by the library, so a typo cannot pass silently.
    /// </summary>
    public static byte[] MarkWeak(ReadOnlySpan<byte> elf, IReadOnlyCollection<string> versions)
    {
        var copy = elf.ToArray();
        var needs = Read(elf);
        foreach (var version in versions)
        {
            var matches = needs.Where(n => n.Version == version).ToList();
            if (matches.Count == 0)
                throw new InvalidDataException($"The library does not require symbol version {version}.");
            foreach (var match in matches)
            {
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(match.FlagsOffset));
                BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(match.FlagsOffset), (ushort)(flags | VerFlagWeak));
            }
        }
        return copy;
    }

    static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
    static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);

    static string CString(ReadOnlySpan<byte> b, int at)
    {
        var end = b[at..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(b.Slice(at, end));
    }
}
