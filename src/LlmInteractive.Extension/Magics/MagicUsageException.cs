namespace LlmInteractive.Extension;

/// <summary>A magic was given something it cannot use (an unknown variable, a wrong type); the message says what to do.</summary>
public sealed class MagicUsageException(string message) : Exception(message);
