namespace LlmInteractive.Tests.Architecture;

/// <summary>
/// The layers hold in the built assemblies: lab ← extension ← hosts. The lab references no kernel, no transport
/// (NetMQ) and no compiler (Roslyn), not even through a package; the extension and its contract reference no
/// transport, compiler or kernel implementation.
/// </summary>
public class LayerTests
{
    static readonly string Lab = typeof(LlmInteractive.Training.Trainer).Assembly.Location;
    static readonly string Extension = typeof(LlmInteractive.Extension.LlmExtension).Assembly.Location;
    static readonly string Contract = typeof(LlmInteractive.Kernel.Extensions.IKernelExtension).Assembly.Location;
    static readonly string Kernel = typeof(LlmInteractive.Kernel.Core.JupyterKernel).Assembly.Location;

    /// <summary>Transport and compiler: what only a host may reference.</summary>
    static bool IsHostOnly(string name) =>
        name is "NetMQ" or "AsyncIO" or "LlmInteractive.Kernel" or "llm-interactive"
        || name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);

    static IReadOnlyList<string> Offending(string assembly, Func<string, bool> forbidden) =>
        AssemblyReferences.Closure(assembly).Where(r => forbidden(r.Key)).Select(r => r.Value).Order().ToList();

    [Fact]
    public void The_lab_references_no_kernel_transport_compiler_or_extension()
    {
        Assert.Equal("LlmInteractive", Path.GetFileNameWithoutExtension(Lab));
        Assert.Empty(Offending(Lab, name => IsHostOnly(name) || name.StartsWith("LlmInteractive.", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_extension_references_the_lab_and_the_contract_but_no_transport_compiler_or_kernel()
    {
        var direct = AssemblyReferences.Direct(Extension);
        Assert.Contains("LlmInteractive", direct);
        Assert.Contains("LlmInteractive.Kernel.Abstractions", direct);
        Assert.Empty(Offending(Extension, IsHostOnly));
    }

    [Fact]
    public void The_contract_references_neither_a_host_nor_the_lab()
    {
        Assert.Empty(Offending(Contract, name => IsHostOnly(name) || name.StartsWith("LlmInteractive", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_check_sees_what_a_host_references()
    {
        // The kernel is the host: the same check must find its transport and compiler, else it proves nothing above.
        var offending = Offending(Kernel, IsHostOnly);
        Assert.Contains(offending, chain => chain.EndsWith("→ NetMQ", StringComparison.Ordinal));
        Assert.Contains(offending, chain => chain.Contains("→ Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }
}
