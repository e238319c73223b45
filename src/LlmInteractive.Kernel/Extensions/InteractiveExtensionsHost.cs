using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Kernel.Extensions;

/// <summary>
/// What the loader of .NET Interactive extensions (LlmInteractive.Kernel.InteractiveExtensions, in a load context of
/// its own with the Microsoft.DotNet.Interactive a package brings) gets from this kernel. Plain delegates and our own
/// types only: that loader has its own copy of Microsoft.DotNet.Interactive.Formatting (InteractiveExtensionsContext).
/// </summary>
/// <param name="RunCode">Runs C# in the session, outputs to the given cell output (code an extension submits).</param>
/// <param name="Magics">The session's magics; an extension's directives are added here.</param>
/// <param name="AdoptFormatter">
/// Registers an extension's formatter (type, mime type, format) with this kernel's Formatter, which displays use;
/// false, and nothing registered, when this session already formats that type as that mime type.
/// </param>
public sealed record InteractiveExtensionsHost(
    Func<string, IExecutionOutput, CancellationToken, Task<ExecutionOutcome>> RunCode,
    MagicRegistry Magics,
    Func<Type, string, Func<object, string>, bool> AdoptFormatter);

/// <summary>Implemented by the loader in LlmInteractive.Kernel.InteractiveExtensions (its constructor takes an <see cref="InteractiveExtensionsHost"/>).</summary>
public interface IInteractiveExtensionsLoader
{
    /// <summary>
    /// Loads the assemblies at <paramref name="assemblyPaths"/> into the loader's context and runs each IKernelExtension
    /// in them once; their outputs and the loader's messages go to <paramref name="output"/>.
    /// </summary>
    Task LoadAsync(IReadOnlyList<string> assemblyPaths, IExecutionOutput output, CancellationToken cancellation);
}
