using LlmInteractive.Kernel.Interpreter;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmInteractive.Kernel.Extensions;

/// <summary>The script's globals seen from the host: listed and read from the last completed state, set by a declaration cell.</summary>
sealed class SessionVariables(CSharpInterpreter interpreter) : ISessionVariables
{
    public IReadOnlyList<(string Name, Type Type, object? Value)> List() =>
        interpreter.Session.Variables.Select(v => (v.Name, v.Type, (object?)v.Value)).ToList();

    public bool TryGet(string name, out object? value)
    {
        var variable = interpreter.Session.Variables.FirstOrDefault(v => v.Name == name);
        value = variable?.Value;
        return variable is not null;
    }

    public async Task SetAsync(string name, object? value, Type? type = null, CancellationToken cancellation = default)
    {
        if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
            throw new ArgumentException($"'{name}' is not a valid C# variable name; use letters, digits and '_', not starting with a digit.", nameof(name));
        type ??= value?.GetType() ?? typeof(object);
        if (value is not null && !type.IsInstanceOfType(value))
            throw new ArgumentException($"The value of '{name}' is a {value.GetType()}, not a {type}; pass a matching type or none.", nameof(type));
        var (declared, typeName) = CSharpTypeNames.Nameable(type);
        interpreter.Session.AddReferences(ReferencedAssemblies(declared));
        var key = InjectedValues.Park(value);
        var code = $"{typeName} {name} = ({typeName})global::LlmInteractive.Kernel.Extensions.InjectedValues.Take(\"{key}\")!;";
        var outcome = await interpreter.RunQuietlyAsync(code, cancellation);
        if (outcome.Error is { } error)
            throw new InvalidOperationException($"Could not define variable '{name}': {error.Name}: {error.Value}");
    }

    static IEnumerable<System.Reflection.Assembly> ReferencedAssemblies(Type type)
    {
        yield return type.Assembly;
        if (type.IsArray) foreach (var a in ReferencedAssemblies(type.GetElementType()!)) yield return a;
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            foreach (var a in ReferencedAssemblies(argument)) yield return a;
    }
}
