namespace LlmInteractive.Kernel.Magics;

/// <summary>Error names magics and the host's dispatcher share, so a front end sees one name for one kind of mistake.</summary>
public static class MagicErrors
{
    /// <summary>The ename of unknown magics, bad arguments and other usage mistakes.</summary>
    public const string UsageError = "MagicUsageError";
}
