using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.FineTuning;

/// <summary>Puts LoRA adapters on the Linear layers of a model, in place, and freezes everything else.</summary>
public static class Lora
{
    /// <summary>
    /// Freezes every parameter of <paramref name="module"/>, then replaces each Linear submodule whose dotted name
    /// (as in named_modules, e.g. "h.0.attn.c_attn") passes <paramref name="whichLinears"/> by a <see cref="LoraLinear"/>
    /// wrapping it. Unfreeze a head afterwards (<see cref="Freezing.Unfreeze"/>) if it should train too.
    /// </summary>
    /// <returns>The adapters by the name of the layer they wrap.</returns>
    public static IReadOnlyDictionary<string, LoraLinear> Apply(nn.Module module, int rank, double alpha, Func<string, bool> whichLinears)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(whichLinears);

        // Collect first: replacing while walking named_modules would change what is being walked.
        var linears = new[] { ("", module) }.Concat(module.named_modules())
            .Where(entry => entry.Item2 is not LoraLinear) // an adapter's own base layer is not a target
            .SelectMany(entry => entry.Item2.named_children()
                .Where(child => child.module is Linear)
                .Select(child => (Name: Join(entry.Item1, child.name), Parent: entry.Item2, Child: child.name, Linear: (Linear)child.module)))
            .ToList();
        var targets = linears.Where(l => whichLinears(l.Name)).ToList();
        if (targets.Count == 0)
            throw new ArgumentException(
                "whichLinears selected no Linear layer. The Linear layers of this model are: " +
                string.Join(", ", linears.Select(l => l.Name)) + ". Select some by name, e.g. name => name.EndsWith(\"attn.c_attn\").",
                nameof(whichLinears));

        // Find every field before changing anything, so a layer LoRA cannot wrap leaves the model untouched.
        var fields = targets.Select(t => FieldHolding(t.Parent, t.Linear, t.Name)).ToList();
        Freezing.FreezeAll(module);
        var adapters = new Dictionary<string, LoraLinear>();
        foreach (var (target, field) in targets.Zip(fields))
        {
            var adapter = new LoraLinear(target.Linear, rank, alpha);
            field.SetValue(target.Parent, adapter);
            // Re-register under the same name so parameters(), state_dict() and device moves see the adapter.
            target.Parent.register_module(target.Child, null!);
            target.Parent.register_module(target.Child, adapter);
            adapters.Add(target.Name, adapter);
        }
        return adapters;
    }

    /// <summary>Merges every adapter in <paramref name="module"/> into its base weights (see <see cref="LoraLinear.Merge"/>).</summary>
    public static void MergeAll(nn.Module module)
    {
        foreach (var adapter in module.modules().OfType<LoraLinear>()) adapter.Merge();
    }

    /// <summary>Undoes <see cref="MergeAll"/>.</summary>
    public static void UnmergeAll(nn.Module module)
    {
        foreach (var adapter in module.modules().OfType<LoraLinear>()) adapter.Unmerge();
    }

    static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";

    /// <summary>The field of <paramref name="parent"/> that holds <paramref name="linear"/>, checked to accept a LoraLinear.</summary>
    static FieldInfo FieldHolding(nn.Module parent, Linear linear, string name)
    {
        for (var type = parent.GetType(); type is not null && type != typeof(nn.Module); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!ReferenceEquals(field.GetValue(parent), linear)) continue;
                if (!field.FieldType.IsAssignableFrom(typeof(LoraLinear)))
                    throw new InvalidOperationException(
                        $"LoRA cannot wrap '{name}': {type.Name}.{field.Name} is declared as {field.FieldType.Name}. " +
                        "Declare the field as nn.Module<Tensor, Tensor> so an adapter can take its place, or leave this layer out of whichLinears.");
                return field;
            }
        }
        throw new InvalidOperationException(
            $"LoRA cannot wrap '{name}': {parent.GetType().Name} keeps it in a container rather than a field, so its forward would " +
            "keep calling the old layer. Leave this layer out of whichLinears.");
    }
}
