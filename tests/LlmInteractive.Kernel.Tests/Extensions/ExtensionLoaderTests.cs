using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Tests.Interpreter;

namespace LlmInteractive.Kernel.Tests.Extensions;

[Collection(InterpreterCollection.Name)]
public sealed class ExtensionLoaderTests
{
    const string ShoutExtension = """
        using System.CommandLine;
        using LlmInteractive.Kernel.Extensions;
        using LlmInteractive.Kernel.Interpreter;
        using LlmInteractive.Kernel.Magics;
        namespace Shouting
        {
            public static class Loud { public static string Of(string s) => s.ToUpperInvariant() + "!"; }
            public sealed class ShoutExtension : IKernelExtension
            {
                public void Load(IExtensionContext context)
                {
                    var word = new Argument<string>("word");
                    context.Magics.Register(new MagicCommand(new Command("shout", "Shout a word.") { word }, magic =>
                    {
                        magic.Output.Stream("stdout", Loud.Of(magic.Arguments.GetRequiredValue(word)) + "\n");
                        return System.Threading.Tasks.Task.FromResult<ExecutionOutcome?>(null);
                    }));
                    context.Variables.SetAsync("loudness", 11).GetAwaiter().GetResult();
                    context.SubmitCodeAsync("var shoutedAtLoad = Loud.Of(\"ready\");").GetAwaiter().GetResult();
                }
            }
        }
        """;

    [Fact]
    public async Task LoadAsync_registers_magics_sets_variables_and_imports_namespaces()
    {
        var path = TestAssemblies.Build("Shouting", ShoutExtension);
        await using var interpreter = new CSharpInterpreter();
        var loaded = await interpreter.Extensions.LoadAsync(path);
        Assert.Equal(["Shouting.ShoutExtension"], loaded);
        var (outcome, output) = await interpreter.RunAsync("#!shout hello");
        Assert.Null(outcome.Error);
        Assert.Equal("HELLO!\n", output.Text());
        Assert.Equal("12", await interpreter.ResultAsync("loudness + 1"));
        Assert.Equal("READY!", await interpreter.ResultAsync("shoutedAtLoad"));
        Assert.Equal("HI!", await interpreter.ResultAsync("Loud.Of(\"hi\")"));
    }

    [Fact]
    public async Task Extension_magic_and_hash_r_load_extensions_too()
    {
        await using var viaMagic = new CSharpInterpreter();
        var (outcome, output) = await viaMagic.RunAsync($"#!extension \"{TestAssemblies.Build("Shouting", ShoutExtension)}\"");
        Assert.Null(outcome.Error);
        Assert.Contains("Shouting.ShoutExtension", output.Text());
        Assert.Equal("11", await viaMagic.ResultAsync("loudness"));

        await using var viaReference = new CSharpInterpreter();
        Assert.Equal("11", await viaReference.ResultAsync($"#r \"{TestAssemblies.Build("Shouting", ShoutExtension)}\"\nloudness"));
        Assert.True(viaReference.Magics.TryGet("shout", out _));
    }

    [Fact]
    public async Task A_missing_extension_file_is_a_clear_error()
    {
        await using var interpreter = new CSharpInterpreter();
        var (outcome, _) = await interpreter.RunAsync("#!extension /no/such/extension.dll");
        Assert.Equal(nameof(FileNotFoundException), outcome.Error!.Name);
        Assert.Contains("/no/such/extension.dll", outcome.Error.Value);
    }

    [Fact]
    public async Task Session_variables_list_read_and_set_the_cells_globals()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.ResultAsync("var count = 3;\nvar names = new List<string> { \"a\" };");
        var variables = interpreter.Context.Variables;
        Assert.True(variables.TryGet("count", out var count));
        Assert.Equal(3, count);
        Assert.Contains(variables.List(), v => v.Name == "names" && v.Type == typeof(List<string>));
        await variables.SetAsync("injected", new Dictionary<string, int[]> { ["k"] = [1, 2] });
        Assert.Equal("2", await interpreter.ResultAsync("injected[\"k\"][1]"));
        await Assert.ThrowsAsync<ArgumentException>(() => variables.SetAsync("not valid", 1));
        await interpreter.Context.SubmitCodeAsync("var submitted = count * 2;");
        Assert.Equal("6", await interpreter.ResultAsync("submitted"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => interpreter.Context.SubmitCodeAsync("undefinedThing + 1"));
    }

    [Fact]
    public async Task Loading_the_lab_assembly_references_it_and_its_dependencies_and_imports_its_namespaces()
    {
        await using var interpreter = new CSharpInterpreter();
        await interpreter.Extensions.LoadAsync(typeof(LlmInteractive.Tokenizers.ITokenizer).Assembly);
        Assert.Equal("ITokenizer", await interpreter.ResultAsync("typeof(ITokenizer).Name"));
        Assert.Equal("torch", await interpreter.ResultAsync("typeof(TorchSharp.torch).Name"));
    }
}
