using System.CommandLine;
using System.Text;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Magics;

/// <summary><c>#!who</c> lists the session's variables; <c>#!whos</c> adds their types and a short view of each value.</summary>
static class WhoMagics
{
    const int ValueWidth = 60;

    public static MagicCommand CreateWho() => new(
        new Command("who", "List the names of the variables defined in this session."),
        context =>
        {
            var names = context.Session.Variables.List().Select(v => v.Name).ToList();
            context.Output.Stream("stdout", names.Count == 0 ? "No variables defined.\n" : string.Join("  ", names) + "\n");
            return Task.FromResult<ExecutionOutcome?>(null);
        });

    public static MagicCommand CreateWhos() => new(
        new Command("whos", "List the session's variables with their types and summarised values."),
        context =>
        {
            var variables = context.Session.Variables.List();
            if (variables.Count == 0)
            {
                context.Output.Stream("stdout", "No variables defined.\n");
                return Task.FromResult<ExecutionOutcome?>(null);
            }
            var rows = variables.Select(v => (v.Name, Type: TypeName(v.Type), Value: Summary(v.Value))).ToList();
            var nameWidth = Math.Max(8, rows.Max(r => r.Name.Length) + 2);
            var typeWidth = Math.Max(6, rows.Max(r => r.Type.Length) + 2);
            var text = new StringBuilder();
            text.Append("Variable".PadRight(nameWidth)).Append("Type".PadRight(typeWidth)).Append("Value\n");
            text.Append(new string('-', nameWidth + typeWidth + 5)).Append('\n');
            foreach (var row in rows) text.Append(row.Name.PadRight(nameWidth)).Append(row.Type.PadRight(typeWidth)).Append(row.Value).Append('\n');
            context.Output.Stream("stdout", text.ToString());
            return Task.FromResult<ExecutionOutcome?>(null);
        });

    /// <summary>A one-line view of a value, cut to <see cref="ValueWidth"/> characters.</summary>
    internal static string Summary(object? value)
    {
        string text;
        try
        {
            text = value switch
            {
                null => "null",
                string s => $"\"{s}\"",
                System.Collections.ICollection c when value is not Array => $"Count = {c.Count}",
                Array a => $"{TypeName(a.GetType())} (Length = {a.Length})",
                _ => value.ToString() ?? "",
            };
        }
        catch (Exception e)
        {
            text = $"<ToString threw {e.GetType().Name}>";
        }
        text = text.ReplaceLineEndings(" ");
        return text.Length <= ValueWidth ? text : text[..(ValueWidth - 1)] + "…";
    }

    internal static string TypeName(Type type)
    {
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        if (!type.IsGenericType) return type.Name;
        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }
}
