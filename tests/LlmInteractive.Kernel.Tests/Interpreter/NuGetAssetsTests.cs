using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Tests.Interpreter;

public sealed class NuGetAssetsTests
{
    [Fact]
    public void Assets_give_runtime_assemblies_and_native_libraries_for_the_rid_and_skip_placeholders()
    {
        var root = Path.Combine(Path.GetTempPath(), "llmi-tests", Guid.NewGuid().ToString("N"));
        string Touch(string relative)
        {
            var path = Path.Combine(root, "packages", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
            return path;
        }
        var managed = Touch("foo/1.0.0/lib/net8.0/Foo.dll");
        var native = Touch("foo/1.0.0/runtimes/linux-x64/native/libfoo.so");
        Touch("foo/1.0.0/runtimes/win-x64/native/foo.dll");
        var assets = Path.Combine(root, "project.assets.json");
        File.WriteAllText(assets, $$"""
            {
              "version": 3,
              "targets": { "net10.0": {
                "Foo/1.0.0": { "type": "package",
                  "runtime": { "lib/net8.0/Foo.dll": {} },
                  "runtimeTargets": {
                    "runtimes/linux-x64/native/libfoo.so": { "assetType": "native", "rid": "linux-x64" },
                    "runtimes/win-x64/native/foo.dll": { "assetType": "native", "rid": "win-x64" } } },
                "Bar/2.0.0": { "type": "package", "runtime": { "lib/net10.0/_._": {} } },
                "Local/1.0.0": { "type": "project" } } },
              "libraries": { "Foo/1.0.0": { "path": "foo/1.0.0" }, "Bar/2.0.0": { "path": "bar/2.0.0" }, "Local/1.0.0": { "path": "x" } },
              "packageFolders": { "{{Path.Combine(root, "packages")}}/": {} }
            }
            """);
        var package = NuGetRestorer.ReadAssets(assets, "net10.0", "linux-x64");
        Assert.Equal([managed], package.Assemblies);
        Assert.Equal([native], package.NativeLibraries);
    }
}
