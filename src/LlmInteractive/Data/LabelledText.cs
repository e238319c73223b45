namespace LlmInteractive.Data;

/// <summary>A text with a binary label, e.g. one e-mail of the SpamAssassin corpus (Group: the corpus folder it came from).</summary>
public sealed record LabelledText(string Text, bool IsSpam, string Group, string Id);
