using LlmInteractive.Runtime;

namespace LlmInteractive.Tests.NativeLoading;

public class ElfVersionNeedsTests
{
    static byte[] PackagedLibTorchSharp() => File.ReadAllBytes(NativeFiles.PackagedLibTorchSharp());

    [Fact]
    public void Reads_the_GLIBCXX_marker_version_from_the_packaged_library()
    {
        var needs = ElfVersionNeeds.Read(PackagedLibTorchSharp());

        var marker = Assert.Single(needs, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", marker.File);
        Assert.False(marker.Weak);
        Assert.Contains(needs, n => n.File == "libc.so.6");
    }

    [Fact]
    public void Marking_weak_changes_only_that_entry_flag()
    {
        var original = PackagedLibTorchSharp();

        var patched = ElfVersionNeeds.MarkWeak(original, ["GLIBCXX_3.4.32"]);

        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Single(changed);
        var before = ElfVersionNeeds.Read(original);
        var after = ElfVersionNeeds.Read(patched);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Version == "GLIBCXX_3.4.32" || before[i].Weak, after[i].Weak);
    }

    [Fact]
    public void Marking_a_version_the_library_does_not_need_is_an_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(PackagedLibTorchSharp(), ["GLIBCXX_9.9"]));
        Assert.Contains("GLIBCXX_9.9", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("not an elf file at all, just text padding it out to 64 bytes......"u8));
    }
}
