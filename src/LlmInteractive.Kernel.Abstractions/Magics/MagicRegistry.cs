namespace LlmInteractive.Kernel.Magics;

/// <summary>The session's magics by name. Built-ins and extensions register here; the interpreter looks them up.</summary>
public sealed class MagicRegistry
{
    readonly Dictionary<string, MagicCommand> byName = new(StringComparer.Ordinal);

    /// <summary>Adds a magic, replacing any of the same name (so an extension can refine a built-in).</summary>
    public void Register(MagicCommand magic)
    {
        lock (byName) byName[magic.Name] = magic;
    }

    public bool TryGet(string name, out MagicCommand magic)
    {
        lock (byName) return byName.TryGetValue(name, out magic!);
    }

    public IReadOnlyList<MagicCommand> All
    {
        get { lock (byName) return byName.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList(); }
    }
}
