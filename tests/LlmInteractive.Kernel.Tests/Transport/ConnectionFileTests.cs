using LlmInteractive.Cli.KernelSpecs;
using LlmInteractive.Cli.Notebooks;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Tests.Transport;

/// <summary>The connection file holds the HMAC key: only its owner may read it, and it lives as long as its kernel.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConnectionFileTests : IDisposable
{
    const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    readonly string folder = Directory.CreateTempSubdirectory("llmi-connection-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Save_creates_the_file_readable_by_its_owner_only_even_over_a_world_readable_one()
    {
        var path = Path.Combine(folder, "kernel.json");
        var info = ConnectionInfo.CreateLocal();
        info.Save(path);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(info, ConnectionInfo.Load(path));

        File.SetUnixFileMode(path, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        info.Save(path);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(["kernel.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void The_runtime_directory_is_found_as_jupyter_client_finds_it()
    {
        string? Lookup(string name, Dictionary<string, string> values) => values.GetValueOrDefault(name);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal("/r", JupyterRuntimeDirectory.Resolve(n => Lookup(n, new() { ["JUPYTER_RUNTIME_DIR"] = "/r", ["XDG_RUNTIME_DIR"] = "/x" })));
        Assert.Equal("/x/jupyter", JupyterRuntimeDirectory.Resolve(n => Lookup(n, new() { ["XDG_RUNTIME_DIR"] = "/x", ["JUPYTER_DATA_DIR"] = "/d" })));
        Assert.Equal("/d/runtime", JupyterRuntimeDirectory.Resolve(n => Lookup(n, new() { ["JUPYTER_DATA_DIR"] = "/d" })));
        Assert.Equal(Path.Combine(home, ".local", "share", "jupyter", "runtime"), JupyterRuntimeDirectory.Resolve(n => Lookup(n, new() { ["JUPYTER_RUNTIME_DIR"] = "" })));
    }

    [Fact]
    public void The_runtime_directory_is_created_for_its_owner_only()
    {
        var runtime = Path.Combine(folder, "data", "runtime");
        Assert.Equal(runtime, JupyterRuntimeDirectory.Create(n => n == "JUPYTER_RUNTIME_DIR" ? runtime : null));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(runtime));
    }

    [Fact]
    public void The_runner_writes_the_connection_file_privately_in_the_runtime_directory_and_deletes_it_when_the_kernel_ends()
    {
        var runtime = Path.Combine(folder, "runtime");
        // A stand-in kernel that only lives a moment: the file must exist, private, while it runs.
        var launch = new KernelLaunch(["/bin/sh", "-c", "sleep 1", "sh"], "unused.dll");
        var kernel = KernelProcess.Start(launch, ConnectionInfo.CreateLocal(), folder, TextWriter.Null, runtime);
        var file = Assert.Single(Directory.GetFiles(runtime));
        Assert.Equal(kernel.ConnectionFile, file);
        Assert.Matches(@"^kernel-llmi-[0-9a-f]{32}\.json$", Path.GetFileName(file));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file)));

        kernel.Dispose();
        Assert.Empty(Directory.GetFiles(runtime));
    }

    [Fact]
    public void A_kernel_that_cannot_start_leaves_no_connection_file()
    {
        var runtime = Path.Combine(folder, "runtime");
        var launch = new KernelLaunch([Path.Combine(folder, "no-such-kernel")], "unused.dll");
        Assert.ThrowsAny<Exception>(() => KernelProcess.Start(launch, ConnectionInfo.CreateLocal(), folder, TextWriter.Null, runtime));
        Assert.Empty(Directory.GetFiles(runtime));
    }
}
