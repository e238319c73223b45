using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Loads assemblies named by <c>#r</c> (files, NuGet packages, extensions) into the default load context, so their
/// types are the same as the ones cells and the host see, and resolves their dependencies by simple name.
/// </summary>
static class AssemblyLoading
{
    static readonly ConcurrentDictionary<string, string> knownPaths = new(StringComparer.OrdinalIgnoreCase);
    static readonly ConcurrentDictionary<string, string> nativePaths = new(StringComparer.Ordinal);

    static AssemblyLoading()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is not null && knownPaths.TryGetValue(name.Name, out var path) ? context.LoadFromAssemblyPath(path) : null;
        // [DllImport("foo")] in a package assembly: find libfoo.so among the package's native assets.
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
            NativeCandidates(name).Select(c => nativePaths.GetValueOrDefault(c)).FirstOrDefault(p => p is not null) is { } path
                ? System.Runtime.InteropServices.NativeLibrary.Load(path)
                : IntPtr.Zero;
    }

    /// <summary>Makes native libraries of restored packages loadable by their DllImport names.</summary>
    public static void RegisterNative(IEnumerable<string> paths)
    {
        foreach (var path in paths) nativePaths.TryAdd(Path.GetFileName(path), Path.GetFullPath(path));
    }

    static IEnumerable<string> NativeCandidates(string name) =>
        [name, $"lib{name}.so", $"{name}.so", $"lib{name}.dylib", $"{name}.dylib", $"{name}.dll"];

    /// <summary>The assembly at <paramref name="path"/>, or the already loaded one of the same simple name.</summary>
    public static Assembly Load(string path)
    {
        var full = Path.GetFullPath(path);
        var name = AssemblyName.GetAssemblyName(full).Name!;
        knownPaths.TryAdd(name, full);
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name);
        return loaded ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
    }

    /// <summary>Remembers dependencies so they load from their package folder when first needed.</summary>
    public static void Register(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var name = AssemblyName.GetAssemblyName(path).Name;
            if (name is not null) knownPaths.TryAdd(name, Path.GetFullPath(path));
        }
    }
}
