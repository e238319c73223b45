using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Tests.Extensions;

namespace LlmInteractive.Kernel.Tests.Interpreter;

[Collection(InterpreterCollection.Name)]
public sealed class ReferenceTests
{
    [Fact]
    public async Task Hash_r_of_a_local_dll_makes_its_types_usable()
    {
        var path = TestAssemblies.Build("Greeting", "namespace Greeting { public static class Greeter { public static string Hello(string n) => $\"hello {n}\"; } }");
        await using var interpreter = new CSharpInterpreter();
        Assert.Equal("hello cells", await interpreter.ResultAsync($"#r \"{path}\"\nGreeting.Greeter.Hello(\"cells\")"));
        Assert.Equal("hello again", await interpreter.ResultAsync("using Greeting;\nGreeter.Hello(\"again\")"));
    }

    [Fact]
    public async Task Hash_r_of_a_missing_file_is_a_clear_error()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync("#r \"/no/such/library.dll\"\n1");
        Assert.Equal("ReferenceError", outcome.Error!.Name);
        Assert.Contains("/no/such/library.dll", outcome.Error.Value);
        Assert.Contains("not found", outcome.Error.Value);
    }

    [Fact]
    public async Task Hash_r_nuget_restores_a_package_and_its_types_are_usable()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, output) = await interpreter.RunAsync(
            "#r \"nuget: Newtonsoft.Json, 13.0.4\"\nNewtonsoft.Json.JsonConvert.SerializeObject(new { a = 1 })");
        Assert.True(outcome.Error is null, outcome.Error?.Value);
        Assert.Equal("{\"a\":1}", outcome.Result!.Data["text/plain"]);
        Assert.Contains("Newtonsoft.Json", output.Text());
    }

    [Fact]
    public async Task Hash_r_nuget_of_a_nonexistent_package_passes_the_sdk_error_through()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync("#r \"nuget: LlmInteractive.NoSuchPackage.Anywhere, 1.0.0\"");
        Assert.Equal(nameof(NuGetRestoreException), outcome.Error!.Name);
        Assert.Contains("LlmInteractive.NoSuchPackage.Anywhere", outcome.Error.Value);
        Assert.Matches("NU1(101|301)", outcome.Error.Value); // not found, or the source unreachable: the SDK's own code either way
        Assert.Equal("2", await interpreter.ResultAsync("1 + 1"));
    }

    [Fact]
    public void Reference_directives_are_blanked_so_line_numbers_stay_and_nuget_versions_are_optional()
    {
        var (code, directives) = ReferenceDirectives.Extract("#r \"nuget: Foo\"\n#r \"nuget: Bar, 1.2.3\"\n#r \"x.dll\"\nvar a = 1;");
        Assert.Equal("\n\n\nvar a = 1;", code);
        Assert.Equal(("Foo", (string?)null), (directives[0].PackageId, directives[0].PackageVersion));
        Assert.Equal(("Bar", "1.2.3"), (directives[1].PackageId, directives[1].PackageVersion));
        Assert.Equal("x.dll", directives[2].AssemblyPath);
        Assert.Throws<ArgumentException>(() => ReferenceDirectives.Extract("#r \"nuget: A, 1, 2\""));
    }
}
