using System.Text.Json.Nodes;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Kernel.Tests.Cli;

public class KernelSpecInstallerTests
{
    [Fact]
    public void Install_writes_kernel_json_that_starts_the_built_kernel_and_the_logos()
    {
        var prefix = Directory.CreateTempSubdirectory("llmi-spec-").FullName;
        try
        {
            var folder = KernelSpecInstaller.Install(KernelLaunch.Current(), prefix);

            Assert.Equal(Path.Combine(prefix, "share", "jupyter", "kernels", "llm-csharp"), folder);
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
            Assert.Equal("C# (LLM Interactive)", spec["display_name"]!.GetValue<string>());
            Assert.Equal("csharp", spec["language"]!.GetValue<string>());
            Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
            var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
            Assert.True(File.Exists(argv[0]), argv[0]);
            Assert.EndsWith("llm-interactive.dll", argv[1]);
            Assert.True(Path.IsPathRooted(argv[1]) && File.Exists(argv[1]));
            Assert.Equal(["kernel", "--connection-file", "{connection_file}", "--extension"], argv[2..6]);
            Assert.EndsWith("LlmInteractive.Extension.dll", argv[6]);
            Assert.True(File.Exists(argv[6]));
            foreach (var (logo, size) in new[] { ("logo-32x32.png", 32), ("logo-64x64.png", 64) })
            {
                var png = File.ReadAllBytes(Path.Combine(folder, logo));
                Assert.Equal("PNG"u8.ToArray(), png[1..4]);
                Assert.Equal(size, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            }
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    [Fact]
    public void Kernels_directory_follows_jupyter_data_dir_then_the_user_data_dir()
    {
        var previous = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        try
        {
            Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", "/tmp/llmi-jdd");
            Assert.Equal("/tmp/llmi-jdd/kernels", KernelSpecInstaller.KernelsDirectory(null));
            Assert.Equal("/opt/env/share/jupyter/kernels", KernelSpecInstaller.KernelsDirectory("/opt/env"));
            Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", null);
            Assert.EndsWith(Path.Combine("jupyter", "kernels"), KernelSpecInstaller.KernelsDirectory(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", previous);
        }
    }
}
