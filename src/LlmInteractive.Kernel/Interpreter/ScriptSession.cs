using System.Reflection;
using System.Text;
using LlmInteractive.Kernel.Display;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// The chain of Roslyn script submissions behind a notebook: the last completed state (each cell continues from
/// it, so declarations, usings and variables persist), the references and imports later cells compile with, and
/// the code of the cells so far (for completion).
/// </summary>
sealed class ScriptSession
{
    /// <summary>Usings every cell starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading",
        "System.Threading.Tasks", "LlmInteractive.Kernel.Display", "Microsoft.DotNet.Interactive.Formatting",
        "Microsoft.AspNetCore.Html",
    ];

    readonly object gate = new();
    readonly CellGlobals globals = new();
    readonly List<string> history = [];
    readonly List<MetadataReference> analysisReferences = [.. FrameworkReferences.All];
    readonly HashSet<Assembly> referencedAssemblies = [];
    readonly ShadowedVariables shadowed = new();
    ScriptOptions options;
    bool wholeFramework;
    ScriptState<object>? state;
    Task? starting;

    public ScriptSession()
    {
        options = ScriptOptions.Default
            .WithReferences(FrameworkReferences.Common)
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(true);
        // The kernel's assembly holds the cells' .Display() (CellDisplayExtensions), the contract's Displays.Show.
        AddReferences([typeof(CellGlobals).Assembly, typeof(LlmInteractive.Kernel.Display.Displays).Assembly, typeof(Formatter).Assembly, typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly]);
    }

    /// <summary>Bumped when references or imports change (completion rebuilds its workspace then).</summary>
    public int ReferenceVersion { get; private set; }

    public ScriptOptions Options { get { lock (gate) return options; } }

    /// <summary>The last completed state; null before the first cell.</summary>
    public ScriptState<object>? State { get { lock (gate) return state; } }

    public IReadOnlyList<string> History { get { lock (gate) return history.ToList(); } }

    public IReadOnlyList<MetadataReference> AnalysisReferences { get { lock (gate) return analysisReferences.ToList(); } }

    /// <summary>References loaded assemblies (the same Assembly objects at run time, so static state is shared).</summary>
    public void AddReferences(IEnumerable<Assembly> assemblies)
    {
        lock (gate)
        {
            var added = assemblies.Where(a => !a.IsDynamic && a.Location.Length > 0 && referencedAssemblies.Add(a)).ToList();
            if (added.Count == 0) return;
            options = options.AddReferences(added);
            analysisReferences.AddRange(added.Select(a => FrameworkReferences.FromFile(a.Location)));
            ReferenceVersion++;
        }
    }

    public void AddImports(IEnumerable<string> namespaces)
    {
        lock (gate)
        {
            var added = namespaces.Except(options.Imports).ToList();
            if (added.Count == 0) return;
            options = options.AddImports(added);
            ReferenceVersion++;
        }
    }

    /// <summary>
    /// Runs an empty first submission so later cells (and variable injection) always have a state to continue.
    /// Concurrent callers share one run (it jits most of Roslyn, so it is worth starting early); a failed run is retried.
    /// </summary>
    public Task EnsureStartedAsync(CancellationToken cancellation)
    {
        Task start;
        lock (gate)
        {
            // On the thread pool: the compilation runs synchronously for a second or more, and must not hold the lock.
            if (starting is null || starting.IsFaulted || starting.IsCanceled) starting = Task.Run(StartAsync, CancellationToken.None);
            start = starting;
        }
        return start.WaitAsync(cancellation);
    }

    async Task StartAsync()
    {
        var first = await CSharpScript.RunAsync<object>("", Options, globals, typeof(CellGlobals), CancellationToken.None).ConfigureAwait(false);
        lock (gate) state ??= first;
    }

    /// <summary>The next submission, continuing the last completed state with the current references and imports.</summary>
    public Script<object> Continue(string code) => Continue(code, widen: false);

    Script<object> Continue(string code, bool widen)
    {
        lock (gate)
        {
            var last = state ?? throw new InvalidOperationException("The session has not started; call EnsureStartedAsync first.");
            return last.Script.ContinueWith<object>(code, widen ? options.AddReferences(FrameworkReferences.Others) : options);
        }
    }

    /// <summary>
    /// The next submission and its compile errors. Each submission binds against every referenced assembly again (a `1+1`
    /// cost about 4 ms more against the whole framework's 160 than against the 25 most cells use: <see cref="FrameworkReferences.Common"/>),
    /// so cells compile against the common ones until one needs more: a cell that does not compile is compiled again
    /// against the whole framework, and when that removes errors the session keeps the whole framework from then on.
    /// Every framework type is usable in every cell, without <c>#r</c>.
    /// </summary>
    public (Script<object> Script, IReadOnlyList<Diagnostic> Errors) Compile(string code, CancellationToken cancellation)
    {
        var script = Continue(code);
        var errors = Errors(script, cancellation);
        if (errors.Count == 0 || wholeFramework) return (script, errors);
        var widened = Continue(code, widen: true);
        var widenedErrors = Errors(widened, cancellation);
        if (widenedErrors.Count >= errors.Count) return (script, errors);
        lock (gate)
        {
            if (!wholeFramework) options = options.AddReferences(FrameworkReferences.Others);
            wholeFramework = true;
        }
        return (widened, widenedErrors);
    }

    static List<Diagnostic> Errors(Script<object> script, CancellationToken cancellation) =>
        script.Compile(cancellation).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>
    /// Makes <paramref name="next"/> the state later cells continue from, unless its cell declared nothing a later
    /// cell could see: then they continue from the state before it. Every submission compiles against all earlier
    /// ones in the chain, so this keeps re-run plots and prints from slowing down each later cell.
    /// </summary>
    /// <remarks>
    /// A cell that re-declares a name also lets go of what the shadowed declaration held, when no code that may run
    /// later reads it (<see cref="ShadowedVariables"/>); when that was a tensor or module, its memory is reclaimed at once.
    /// </remarks>
    public void Commit(ScriptState<object> next, string code)
    {
        var declares = DeclaresAnything(next.Script.GetCompilation());
        lock (gate)
        {
            if (declares || state is null) state = next;
            history.Add(code);
        }
        if (!declares) return;
        bool disposable;
        lock (shadowed) (_, disposable) = shadowed.Release(next);
        // Before the cell's reply, so the old model's memory is back when the next cell allocates.
        if (disposable) ShadowedVariables.Reclaim();
    }

    /// <summary>
    /// True when a submission adds what later submissions can use: variables (also from <c>out var</c> and
    /// patterns), methods, types, usings, extern aliases, assembly attributes, <c>#r</c>/<c>#load</c>.
    /// Everything else a cell does (assigning existing variables, mutating objects) lives on the heap, not in it.
    /// </summary>
    static bool DeclaresAnything(Compilation submission)
    {
        var root = (CompilationUnitSyntax)submission.SyntaxTrees.Single().GetRoot();
        return root.Usings.Count > 0 || root.Externs.Count > 0 || root.AttributeLists.Count > 0
               || root.GetReferenceDirectives().Count > 0 || root.GetLoadDirectives().Count > 0
               || submission.ScriptClass is not { } scriptClass
               || scriptClass.GetMembers().Any(member => !member.IsImplicitlyDeclared);
    }

    /// <summary>The current variables, newest declaration of each name only.</summary>
    public IReadOnlyList<ScriptVariable> Variables
    {
        get
        {
            var current = State;
            if (current is null) return [];
            return current.Variables
                .GroupBy(v => v.Name)
                .Select(g => g.Last())
                .Where(v => !v.Name.StartsWith('<'))
                .ToList();
        }
    }
}
