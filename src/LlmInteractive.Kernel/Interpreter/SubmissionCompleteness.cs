using LlmInteractive.Kernel.Magics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Jupyter's is_complete for C#: "incomplete" while braces/parens are open or a statement is unterminated (the
/// console then asks for another line), "invalid" for syntax errors more input cannot fix, else "complete".
/// </summary>
public static class SubmissionCompleteness
{
    public const string Indent = "    ";

    static readonly CSharpParseOptions ScriptParsing = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static (string Status, string Indent) Check(string code)
    {
        if (string.IsNullOrWhiteSpace(code) || MagicDirective.TryParse(code, out _)) return ("complete", "");
        string body;
        try { (body, _) = ReferenceDirectives.Extract(code); }
        catch (ArgumentException) { return ("invalid", ""); }
        var tree = CSharpSyntaxTree.ParseText(body, ScriptParsing);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return ("incomplete", Indent);
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? ("invalid", "") : ("complete", "");
    }
}
