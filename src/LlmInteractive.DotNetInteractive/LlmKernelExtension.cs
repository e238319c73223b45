using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Runtime;
using LlmInteractive.Views;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;

namespace LlmInteractive.DotNetInteractive;

/// <summary>
/// The LLM extension in a .NET Interactive kernel (dotnet-interactive's Jupyter kernel, Polyglot Notebooks): loaded from
/// this package's <c>interactive-extensions/dotnet/</c> by <c>#r "nuget: LlmInteractive, VERSION"</c>. It registers the
/// same formatters as in our kernel and each magic (<c>#!tokens #!attention #!probs #!generate #!device #!seed</c>) as a
/// directive of the C# kernel, and connects that kernel's running command to the lab's cancellation. Views display
/// through Formatting's displayed values, which that kernel routes itself (so <c>new TrainingProgressView()</c>
/// updates in place there too).
/// </summary>
public sealed class LlmKernelExtension : IKernelExtension
{
    static int connected;

    public Task OnLoadAsync(Microsoft.DotNet.Interactive.Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        // Before any method that touches System.CommandLine is compiled: the host's older copy must not be used.
        PrivateDependencies.Install();
        return Load(kernel);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static Task Load(Microsoft.DotNet.Interactive.Kernel kernel)
    {
        ViewFormatters.Register();
        // Views display through the Formatter's displayed-value events, which this host's Kernel already sends to the
        // running command: nothing to connect for displays (DisplayRouting.Install would route them a second time).
        if (Interlocked.Exchange(ref connected, 1) == 0)
            AmbientCancellation.Connect(() => KernelInvocationContext.Current?.CancellationToken ?? CancellationToken.None);

        var csharp = kernel as CSharpKernel ?? kernel.FindKernelByName("csharp") as CSharpKernel
            ?? throw new InvalidOperationException("The LLM extension needs a C# kernel (its magics read C# variables); none is named 'csharp' here.");
        var registry = new MagicRegistry();
        foreach (var magic in Extension.LlmExtension.Magics()) registry.Register(magic);
        var session = new CSharpKernelSession(csharp, registry);
        foreach (var magic in registry.All)
            csharp.AddDirective(MagicDirectives.For(magic), (command, context) => MagicDirectives.RunAsync(magic, command, context, session));
        return Task.CompletedTask;
    }
}
