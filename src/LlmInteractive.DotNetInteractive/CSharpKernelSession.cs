using System.Reflection;
using LlmInteractive.Kernel.Extensions;
using LlmInteractive.Kernel.Magics;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;

namespace LlmInteractive.DotNetInteractive;

/// <summary>The host-neutral session contract over a .NET Interactive C# kernel: its variables, its references.</summary>
sealed class CSharpKernelSession(CSharpKernel kernel, MagicRegistry magics) : IExtensionContext, ISessionVariables
{
    public MagicRegistry Magics => magics;

    public ISessionVariables Variables => this;

    /// <summary>References the library; .NET Interactive imports no namespaces for a package, so cells write their usings.</summary>
    public void UseLibrary(Assembly library) => kernel.AddAssemblyReferences([library.Location]);

    public async Task SubmitCodeAsync(string code, CancellationToken cancellation = default)
    {
        var result = await kernel.SendAsync(new SubmitCode(code), cancellation);
        if (result.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>().FirstOrDefault() is { } failed)
            throw new InvalidOperationException($"Code submitted by an extension failed: {failed.Message}");
    }

    /// <summary>The latest value of each variable (a name declared again in a later cell shadows the earlier one).</summary>
    public IReadOnlyList<(string Name, Type Type, object? Value)> List() =>
        (kernel.ScriptState?.Variables ?? [])
        .Reverse().DistinctBy(v => v.Name).Reverse()
        .Select(v => (v.Name, v.Type, (object?)v.Value)).ToList();

    public bool TryGet(string name, out object? value)
    {
        var found = kernel.TryGetValue<object>(name, out var v);
        value = v;
        return found;
    }

    public Task SetAsync(string name, object? value, Type? type = null, CancellationToken cancellation = default) =>
        kernel.SetValueAsync(name, value!, type ?? value?.GetType() ?? typeof(object));
}
