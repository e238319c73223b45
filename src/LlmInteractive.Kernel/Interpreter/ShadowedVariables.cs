using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Lets go of what a re-declared variable held. Roslyn keeps every submission object of the chain, so after
/// <c>var model = new Gpt(...)</c> runs ten times, ten models stay reachable through the fields of earlier cells that
/// no later cell can name. Such a shadowed field is cleared (and the GC then frees the object, and a tensor's native
/// memory through its finalizer, unless something else still holds it) when no code that may run later reads it: a
/// lambda, local function, method, property, accessor or query in any cell. Top-level statements of earlier cells
/// have already run, so what they read is no longer needed; a closure or method keeps its field, and works as before.
/// </summary>
sealed class ShadowedVariables
{
    /// <summary>The names each submission declares and the fields its deferred code reads, by submission (computed once).</summary>
    readonly Dictionary<Script, Submission> analysed = new(ReferenceEqualityComparer.Instance);

    sealed record Submission(string ClassName, IReadOnlyList<string> Declared, IReadOnlySet<(string ClassName, string Field)> ReadLater);

    /// <summary>
    /// Clears the shadowed fields of <paramref name="state"/>'s chain that nothing reads later. Returns how many held a
    /// value, and whether one held something disposable (a tensor, a module: memory the GC does not see).
    /// </summary>
    public (int Released, bool Disposable) Release(ScriptState<object> state)
    {
        var chain = new List<Script>();
        for (var script = state.Script; script is not null; script = script.Previous) chain.Add(script);
        chain.Reverse();
        var submissions = chain.Select(Analyse).ToList();

        // Variables lists each submission's fields in chain order; which submission each one belongs to follows from
        // the names each declares. If the two disagree (another Roslyn), nothing is cleared.
        var declaredBy = new Dictionary<string, List<Submission>>();
        foreach (var submission in submissions)
        foreach (var name in submission.Declared)
        {
            if (!declaredBy.TryGetValue(name, out var list)) declaredBy[name] = list = [];
            list.Add(submission);
        }
        var variables = state.Variables;
        var counts = variables.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count != declaredBy.Count || declaredBy.Any(d => counts.GetValueOrDefault(d.Key) != d.Value.Count)) return (0, false);

        var readLater = submissions.SelectMany(s => s.ReadLater).ToHashSet();
        var seen = new Dictionary<string, int>();
        var released = 0;
        var disposable = false;
        foreach (var variable in variables)
        {
            var occurrence = seen[variable.Name] = seen.GetValueOrDefault(variable.Name, -1) + 1;
            var owners = declaredBy[variable.Name];
            if (occurrence == owners.Count - 1) continue;   // the newest declaration: still in use
            if (variable.IsReadOnly || variable.Type.IsValueType) continue;
            if (readLater.Contains((owners[occurrence].ClassName, variable.Name))) continue;
            if (variable.Value is not { } value) continue;
            disposable |= value is IDisposable;
            variable.Value = null;
            released++;
        }
        return (released, disposable);
    }

    /// <summary>
    /// Runs the finalizers of what was let go (a tensor frees its native or GPU memory there: the GC cannot see that
    /// memory, so it would not hurry) and gives freed native heap pages back to the system.
    /// </summary>
    public static void Reclaim()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux()) return;
        try { _ = malloc_trim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int malloc_trim(nuint pad);

    Submission Analyse(Script script)
    {
        if (analysed.TryGetValue(script, out var known)) return known;
        var compilation = script.GetCompilation();
        var scriptClass = compilation.ScriptClass;
        var declared = scriptClass is null
            ? []
            : scriptClass.GetMembers().OfType<IFieldSymbol>()
                .Where(f => !f.IsImplicitlyDeclared && f.Name.Length > 0 && (char.IsLetterOrDigit(f.Name[0]) || f.Name[0] == '_'))
                .Select(f => f.Name).ToList();
        var readLater = new HashSet<(string, string)>();
        var tree = compilation.SyntaxTrees.SingleOrDefault();
        if (tree is not null)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>().Where(RunsLater))
            {
                if (model.GetSymbolInfo(name).Symbol is IFieldSymbol { ContainingType.IsScriptClass: true } field)
                    readLater.Add((field.ContainingType.MetadataName, field.Name));
            }
        }
        var submission = new Submission(scriptClass?.MetadataName ?? "", declared, readLater);
        analysed[script] = submission;
        return submission;
    }

    /// <summary>True inside code that may run after its cell: lambdas, local functions, members, types and queries.</summary>
    static bool RunsLater(SyntaxNode node) =>
        node.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax
            and not GlobalStatementSyntax and not FieldDeclarationSyntax or AccessorDeclarationSyntax or QueryExpressionSyntax);
}
