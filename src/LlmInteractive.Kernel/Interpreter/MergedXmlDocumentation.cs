using System.Globalization;
using System.Xml;
using Microsoft.CodeAnalysis;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// XML documentation read from several files, loaded on first use. System.Private.CoreLib has no XML file of its
/// own: its types are documented in the reference pack's System.Runtime.xml, System.Collections.xml, and others.
/// </summary>
sealed class MergedXmlDocumentation(IReadOnlyList<string> files) : DocumentationProvider
{
    readonly IReadOnlyList<string> files = files;
    readonly Lazy<Dictionary<string, string>> members = new(() => Load(files));

    protected override string GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture,
        CancellationToken cancellationToken = default) =>
        members.Value.TryGetValue(documentationMemberID, out var xml) ? xml : "";

    static Dictionary<string, string> Load(IReadOnlyList<string> files)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(File.Exists))
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Name == "member" && reader.GetAttribute("name") is { } name)
                    result.TryAdd(name, reader.ReadOuterXml());
                else
                    reader.Read();
            }
        }
        return result;
    }

    public override bool Equals(object? obj) => obj is MergedXmlDocumentation other && other.files.SequenceEqual(files);

    public override int GetHashCode() => files.Count == 0 ? 0 : StringComparer.Ordinal.GetHashCode(files[0]);
}
