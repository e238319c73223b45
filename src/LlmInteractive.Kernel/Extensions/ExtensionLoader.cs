using System.Reflection;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Extensions;

/// <summary>
/// Loads kernel extensions into a session: the assembly becomes a script reference (with the assemblies it
/// references, so its types' dependencies are usable from cells), its namespaces are imported, and each
/// <see cref="IKernelExtension"/> type in it is created and its Load called once.
/// </summary>
public sealed class ExtensionLoader
{
    readonly CSharpInterpreter interpreter;
    readonly HashSet<Type> loaded = [];

    internal ExtensionLoader(CSharpInterpreter interpreter) => this.interpreter = interpreter;

    /// <summary>Names of the extension types loaded so far.</summary>
    public IReadOnlyList<string> Loaded { get { lock (loaded) return loaded.Select(t => t.FullName ?? t.Name).ToList(); } }

    /// <summary>
    /// Loads the assembly at <paramref name="assemblyPath"/> and its extensions. <paramref name="namespaces"/> are
    /// imported into cells (default: every namespace with public types in the assembly). Returns the extension
    /// type names loaded by this call.
    /// </summary>
    public Task<IReadOnlyList<string>> LoadAsync(string assemblyPath, IReadOnlyList<string>? namespaces = null,
        CancellationToken cancellation = default)
    {
        var full = Path.GetFullPath(ExpandHome(assemblyPath));
        if (!File.Exists(full))
            throw new FileNotFoundException(
                $"Extension assembly '{full}' not found; give the path of a built .dll (absolute, or relative to {Environment.CurrentDirectory}).", full);
        return LoadAsync(AssemblyLoading.Load(full), namespaces, cancellation);
    }

    /// <summary>Loads the extensions of an already loaded assembly (see the path overload).</summary>
    public Task<IReadOnlyList<string>> LoadAsync(Assembly assembly, IReadOnlyList<string>? namespaces = null,
        CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        // No need to wait for the session's first compilation: code an extension runs (setting a variable) waits for it.
        var session = interpreter.Session;
        session.AddReferences(WithReferences(assembly));
        session.AddImports(namespaces ?? PublicNamespaces(assembly));

        var names = new List<string>();
        foreach (var type in ExtensionTypes(assembly))
        {
            lock (loaded) if (!loaded.Add(type)) continue;
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new InvalidOperationException($"Extension {type.FullName} needs a public parameterless constructor.");
            var extension = (IKernelExtension)Activator.CreateInstance(type)!;
            try
            {
                extension.Load(interpreter.Context);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Extension {type.FullName} failed to load: {e.Message}", e);
            }
            names.Add(type.FullName ?? type.Name);
        }
        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    /// <summary>True when <paramref name="assembly"/> declares at least one extension.</summary>
    public static bool HasExtensions(Assembly assembly) => ExtensionTypes(assembly).Any();

    static IEnumerable<Type> ExtensionTypes(Assembly assembly) =>
        LoadableTypes(assembly).Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IKernelExtension).IsAssignableFrom(t));

    internal static IEnumerable<string> PublicNamespaces(Assembly assembly) =>
        LoadableTypes(assembly).Where(t => t.IsPublic && t.Namespace is not null).Select(t => t.Namespace!).Distinct();

    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }

    /// <summary>The assembly and those it references that can be loaded (its public types' dependencies).</summary>
    internal static IEnumerable<Assembly> WithReferences(Assembly assembly)
    {
        yield return assembly;
        foreach (var name in assembly.GetReferencedAssemblies())
        {
            Assembly? referenced;
            try { referenced = Assembly.Load(name); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { referenced = null; }
            if (referenced is not null) yield return referenced;
        }
    }

    internal static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
