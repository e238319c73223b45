using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace LlmInteractive.Kernel.InteractiveExtensions;

/// <summary>
/// The C# kernel a .NET Interactive extension is given (named "csharp", inside a CompositeKernel, as in
/// dotnet-interactive): it runs no cells of its own; code an extension submits to it runs in our Roslyn session, and
/// its outputs go to the cell that loaded the extension or ran its directive.
/// </summary>
sealed class SessionKernel : Microsoft.DotNet.Interactive.Kernel, IKernelCommandHandler<SubmitCode>
{
    readonly InteractiveExtensionsHost host;

    public SessionKernel(InteractiveExtensionsHost host) : base("csharp")
    {
        this.host = host;
        RegisterCommandHandler<LoadKernelExtension>((command, _) => command.RunAsync());
    }

    /// <summary>The output of the command now running (set by <see cref="InteractiveExtensionsLoader"/> around each).</summary>
    internal IExecutionOutput Output { get; set; } = Discarded.Instance;

    public async Task HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        var outcome = await host.RunCode(command.Code, Output, context.CancellationToken);
        if (outcome.Error is { } error)
            context.Fail(command, message: $"{error.Name}: {error.Value}");
        else if (outcome.Result is { } result)
            Output.Display(result, displayId: null, update: false);
    }
}

/// <summary>Loading runs as a command, as in dotnet-interactive, so the extension has a KernelInvocationContext.</summary>
sealed class LoadKernelExtension(Microsoft.DotNet.Interactive.IKernelExtension extension, Microsoft.DotNet.Interactive.Kernel root) : KernelCommand
{
    public Task RunAsync() => extension.OnLoadAsync(root);
}

/// <summary>Outputs with no cell to go to.</summary>
sealed class Discarded : IExecutionOutput
{
    public static readonly Discarded Instance = new();
    public void Stream(string name, string text) { }
    public void Display(MimeBundle bundle, string? displayId, bool update) { }
    public void Clear(bool wait) { }
}
