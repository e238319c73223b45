namespace LlmInteractive.Kernel.Interpreter;

/// <summary>C# source names of runtime types (<c>global::System.Collections.Generic.List&lt;global::System.Int32&gt;</c>).</summary>
static class CSharpTypeNames
{
    /// <summary>The fully qualified C# name, or null when the type cannot be named in code (anonymous, non-public).</summary>
    public static string? Of(Type type)
    {
        if (type.IsArray)
        {
            var element = Of(type.GetElementType()!);
            return element is null ? null : $"{element}[{new string(',', type.GetArrayRank() - 1)}]";
        }
        if (type.IsPointer || type.IsByRef || type.IsGenericParameter || !IsVisible(type)) return null;
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Of(underlying) is { } u ? $"{u}?" : null;

        var arguments = type.GetGenericArguments();
        var names = new List<string>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            var name = t.Name;
            var tick = name.IndexOf('`');
            var own = 0;
            if (tick >= 0)
            {
                own = int.Parse(name[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                name = name[..tick];
            }
            names.Insert(0, $"{name}\u0000{own}");
        }
        // Generic arguments are listed outermost first across the nesting chain.
        var parts = new List<string>();
        var next = 0;
        foreach (var entry in names)
        {
            var split = entry.Split('\u0000');
            var count = int.Parse(split[1], System.Globalization.CultureInfo.InvariantCulture);
            if (count == 0) { parts.Add(split[0]); continue; }
            var args = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var arg = Of(arguments[next++]);
                if (arg is null) return null;
                args.Add(arg);
            }
            parts.Add($"{split[0]}<{string.Join(", ", args)}>");
        }
        var ns = type.Namespace is null ? "" : type.Namespace + ".";
        return $"global::{ns}{string.Join('.', parts)}";
    }

    /// <summary>The nearest type a cell can name: the type itself, else its closest public base class, else object.</summary>
    public static (Type Type, string Name) Nameable(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (Of(t) is { } name) return (t, name);
        return (typeof(object), "object");
    }

    static bool IsVisible(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
            if (!(t.IsPublic || t.IsNestedPublic)) return false;
        return !type.Name.Contains('<', StringComparison.Ordinal);
    }
}
