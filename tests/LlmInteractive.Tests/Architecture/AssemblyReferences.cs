using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LlmInteractive.Tests.Architecture;

/// <summary>
/// The assembly references compiled into a built .dll, read from its metadata (not from the source or the project
/// file, so nothing that reaches the package escapes), and their closure among the assemblies beside it.
/// </summary>
public static class AssemblyReferences
{
    /// <summary>Names of the assemblies <paramref name="path"/> references directly.</summary>
    public static IReadOnlyList<string> Direct(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }

    /// <summary>
    /// Every assembly reachable from <paramref name="path"/> through references that resolve to a file in the same
    /// folder (its own packages; framework assemblies live elsewhere and are not followed), each with the chain that
    /// reaches it, e.g. "LlmInteractive → Some.Package → NetMQ".
    /// </summary>
    public static IReadOnlyDictionary<string, string> Closure(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        var root = Path.GetFileNameWithoutExtension(path);
        var chains = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [root] = root };
        var pending = new Queue<string>([root]);
        while (pending.TryDequeue(out var name))
        {
            var file = Path.Combine(folder, name + ".dll");
            if (!File.Exists(file)) continue;
            foreach (var reference in Direct(file))
            {
                if (chains.ContainsKey(reference)) continue;
                chains[reference] = chains[name] + " → " + reference;
                pending.Enqueue(reference);
            }
        }
        chains.Remove(root);
        return chains;
    }
}
