using System.Text;
using System.Xml.Linq;
using LlmInteractive.Kernel.Magics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Completion and inspection with Roslyn's services: the cell is analysed as a script document placed after the
/// code of the previous cells, with the session's references, so earlier variables and types are known.
/// </summary>
sealed class CodeAssistance(ScriptSession session, MagicRegistry magics)
{
    readonly object gate = new();
    AdhocWorkspace? workspace;
    ProjectId? projectId;
    int workspaceVersion = -1;

    public async Task<Completion> CompleteAsync(string code, int cursor, CancellationToken cancellation)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        if (MagicNameAt(code, cursor) is { } magic) return magic;

        var (document, offset) = DocumentFor(code);
        var service = CompletionService.GetService(document)
            ?? throw new InvalidOperationException("Roslyn's C# completion service is missing; is Microsoft.CodeAnalysis.CSharp.Features deployed with the kernel?");
        var list = await service.GetCompletionsAsync(document, offset + cursor, cancellationToken: cancellation);
        var start = Math.Clamp(list.Span.Start - offset, 0, cursor);
        var typed = code[start..cursor];
        var items = list.ItemsList
            .Where(i => typed.Length == 0 || i.FilterText.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(i => !i.FilterText.StartsWith(typed, StringComparison.Ordinal))
            .ThenBy(i => i.SortText, StringComparer.OrdinalIgnoreCase)
            .Select(i => new CompletionItem(i.DisplayText, JupyterType(i.Tags), start, cursor, i.InlineDescription.Length > 0 ? i.InlineDescription : null))
            .GroupBy(i => i.Text)
            .Select(g => g.First())
            .ToList();
        return new Completion(items.Select(i => i.Text).ToList(), start, cursor, items);
    }

    public async Task<MimeBundle?> InspectAsync(string code, int cursor, int detailLevel, CancellationToken cancellation)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var (document, offset) = DocumentFor(code);
        var model = await document.GetSemanticModelAsync(cancellation);
        if (model is null) return null;
        // The cursor usually sits just after the identifier the user means.
        ISymbol? symbol = null;
        foreach (var position in new[] { offset + cursor, offset + cursor - 1 })
        {
            if (position < offset) continue;
            symbol = await SymbolFinder.FindSymbolAtPositionAsync(model, position, document.Project.Solution.Workspace, cancellation);
            if (symbol is not null) break;
        }
        if (symbol is null) return null;
        var signature = symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        var kind = symbol.Kind.ToString().ToLowerInvariant();
        var summary = Summary(symbol);
        var plain = new StringBuilder($"{kind} {signature}");
        if (summary.Length > 0) plain.Append("\n\n").Append(summary);
        if (detailLevel > 0 && symbol is INamedTypeSymbol type) plain.Append("\n\nAssembly: ").Append(type.ContainingAssembly?.Name);
        var markdown = $"```csharp\n{signature}\n```\n\n{summary}";
        return new MimeBundle(new Dictionary<string, object> { ["text/plain"] = plain.ToString(), ["text/markdown"] = markdown });
    }

    /// <summary>The XML doc summary as plain text (cref targets shown by name).</summary>
    static string Summary(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml) && symbol.OriginalDefinition is { } original && !SymbolEqualityComparer.Default.Equals(original, symbol))
            xml = original.GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml)) return "";
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            if (summary is null) return "";
            foreach (var reference in summary.Descendants().Where(e => e.Name == "see" || e.Name == "paramref" || e.Name == "typeparamref").ToList())
            {
                var target = (string?)reference.Attribute("cref") ?? (string?)reference.Attribute("name") ?? (string?)reference.Attribute("langword") ?? "";
                reference.ReplaceWith(target.Length > 2 && target[1] == ':' ? target[2..] : target);
            }
            return string.Join(" ", summary.Value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }

    /// <summary>Completion of magic names when the cursor is in a <c>#!name</c> at the start of a line.</summary>
    Completion? MagicNameAt(string code, int cursor)
    {
        var lineStart = code.LastIndexOf('\n', Math.Max(0, cursor - 1)) + 1;
        if (cursor < lineStart + 2 || string.CompareOrdinal(code, lineStart, "#!", 0, 2) != 0) return null;
        var typed = code[(lineStart + 2)..cursor];
        if (typed.Any(char.IsWhiteSpace)) return null;
        var items = magics.All
            .Where(m => m.Name.StartsWith(typed, StringComparison.Ordinal))
            .Select(m => new CompletionItem(m.Name, "magic", lineStart + 2, cursor, m.Definition.Description))
            .ToList();
        return new Completion(items.Select(i => i.Text).ToList(), lineStart + 2, cursor, items);
    }

    /// <summary>A script document holding the previous cells then this one; offset is where this cell starts.</summary>
    (Document Document, int Offset) DocumentFor(string code)
    {
        var (cell, _) = SafeExtract(code);
        var prefix = HistoryPrefix(session.History);
        lock (gate)
        {
            if (workspace is null || workspaceVersion != session.ReferenceVersion)
            {
                workspace?.Dispose();
                workspace = new AdhocWorkspace(MefHostServices.DefaultHost);
                var options = session.Options;
                var project = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "cells", "cells", LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: options.Imports, allowUnsafe: true),
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script),
                    metadataReferences: session.AnalysisReferences,
                    hostObjectType: typeof(CellGlobals),
                    isSubmission: true);
                projectId = workspace.AddProject(project).Id;
                workspaceVersion = session.ReferenceVersion;
            }
            var solution = workspace.CurrentSolution;
            var existing = solution.GetProject(projectId!)!.Documents.FirstOrDefault();
            if (existing is not null) solution = solution.RemoveDocument(existing.Id);
            var documentId = DocumentId.CreateNewId(projectId!);
            solution = solution.AddDocument(DocumentInfo.Create(documentId, "cell.csx", sourceCodeKind: SourceCodeKind.Script,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(prefix + cell), VersionStamp.Create()))));
            workspace.TryApplyChanges(solution);
            return (workspace.CurrentSolution.GetDocument(documentId)!, prefix.Length);
        }
    }

    static readonly CSharpParseOptions ScriptParsing = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>
    /// The previous cells as one script: each cell's using directives are moved to the top (in one document they
    /// must precede statements, while each cell could start with its own).
    /// </summary>
    static string HistoryPrefix(IReadOnlyList<string> history)
    {
        if (history.Count == 0) return "";
        var usings = new StringBuilder();
        var rest = new StringBuilder();
        foreach (var cell in history)
        {
            var root = (Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)CSharpSyntaxTree.ParseText(cell, ScriptParsing).GetRoot();
            foreach (var directive in root.Usings) usings.Append(directive.ToFullString().Trim()).Append('\n');
            var withoutUsings = root.Usings.Count == 0 ? root : root.RemoveNodes(root.Usings, SyntaxRemoveOptions.KeepNoTrivia)!;
            rest.Append(withoutUsings.ToFullString()).Append('\n');
        }
        return usings.ToString() + rest;
    }

    static (string Code, IReadOnlyList<ReferenceDirective> Directives) SafeExtract(string code)
    {
        try { return ReferenceDirectives.Extract(code); }
        catch (ArgumentException) { return (code, []); }
    }

    /// <summary>Roslyn's completion tags mapped to the type names Jupyter front ends show icons for.</summary>
    static string JupyterType(IReadOnlyList<string> tags)
    {
        foreach (var tag in tags)
        {
            switch (tag)
            {
                case "Method" or "ExtensionMethod": return "function";
                case "Property": return "property";
                case "Field" or "Constant" or "EnumMember": return "field";
                case "Local" or "Parameter" or "RangeVariable": return "variable";
                case "Class" or "Structure" or "Interface" or "Enum" or "Delegate" or "Record" or "RecordStruct": return "class";
                case "Namespace": return "module";
                case "Keyword": return "keyword";
                case "Event": return "event";
            }
        }
        return "text";
    }
}
