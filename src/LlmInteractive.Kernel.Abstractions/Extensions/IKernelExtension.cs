namespace LlmInteractive.Kernel.Extensions;

/// <summary>
/// An extension: a class with a public parameterless constructor in an assembly named in kernel.json
/// (<c>--extension PATH</c>), or loaded with <c>#!extension PATH</c> / <c>#r</c>. The kernel calls
/// <see cref="Load"/> once; there the extension registers magics and formatters
/// (formatters through Microsoft.DotNet.Interactive.Formatting's <c>Formatter.Register</c>).
/// </summary>
public interface IKernelExtension
{
    void Load(IExtensionContext context);
}

/// <summary>What an extension sees of the kernel session.</summary>
public interface IExtensionContext
{
    /// <summary>The registry of <c>#!name</c> magics; extensions add their own here.</summary>
    Magics.MagicRegistry Magics { get; }

    /// <summary>The session's variables (cell globals): read, set, list.</summary>
    ISessionVariables Variables { get; }

    /// <summary>
    /// Makes a library the extension fronts usable from cells as the extension's own assembly is: referenced with the
    /// assemblies it references, its public namespaces imported (e.g. the LLM extension's lab).
    /// </summary>
    void UseLibrary(System.Reflection.Assembly library);

    /// <summary>Runs C# in the session as a cell would (e.g. to add usings an extension's users need).</summary>
    Task SubmitCodeAsync(string code, CancellationToken cancellation = default);
}

public interface ISessionVariables
{
    /// <summary>Names, types and values of the variables defined so far.</summary>
    IReadOnlyList<(string Name, Type Type, object? Value)> List();

    /// <summary>True when a variable of that name exists; its current value is returned.</summary>
    bool TryGet(string name, out object? value);

    /// <summary>Defines or replaces a variable visible to later cells.</summary>
    Task SetAsync(string name, object? value, Type? type = null, CancellationToken cancellation = default);
}
