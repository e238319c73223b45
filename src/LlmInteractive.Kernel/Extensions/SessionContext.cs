using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Kernel.Extensions;

/// <summary>The <see cref="IExtensionContext"/> of a <see cref="CSharpInterpreter"/> session.</summary>
sealed class SessionContext(CSharpInterpreter interpreter) : IExtensionContext
{
    public MagicRegistry Magics => interpreter.Magics;

    public ISessionVariables Variables { get; } = new SessionVariables(interpreter);

    public void UseLibrary(System.Reflection.Assembly library)
    {
        ArgumentNullException.ThrowIfNull(library);
        interpreter.Session.AddReferences(ExtensionLoader.WithReferences(library));
        interpreter.Session.AddImports(ExtensionLoader.PublicNamespaces(library));
    }

    /// <summary>Runs <paramref name="code"/>; outputs go to the running cell, if any. Throws when the code fails.</summary>
    public async Task SubmitCodeAsync(string code, CancellationToken cancellation = default)
    {
        var outcome = await interpreter.RunQuietlyAsync(code, cancellation);
        if (outcome.Error is { } error)
            throw new InvalidOperationException(
                $"Code submitted by an extension failed: {error.Name}: {error.Value}\n{string.Join("\n", error.Traceback)}");
    }
}
