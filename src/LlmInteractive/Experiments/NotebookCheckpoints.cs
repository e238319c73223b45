namespace LlmInteractive.Experiments;

/// <summary>
/// Where notebooks leave checkpoints for each other (03 saves the pretrained encoder, 04 fine-tunes it): the folder in
/// <c>LLMI_CHECKPOINTS</c>, else <c>~/.cache/llm-interactive/checkpoints</c> — outside the repository, since they are
/// large and reproducible, and independent of the directory a kernel happens to start in.
/// </summary>
public static class NotebookCheckpoints
{
    public const string Variable = "LLMI_CHECKPOINTS";

    public static string Folder
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "llm-interactive", "checkpoints");
        }
    }

    /// <summary>The path of checkpoint <paramref name="name"/> (a file name), creating the folder if needed.</summary>
    public static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a plain file name; pass e.g. \"mlm-encoder.ckpt\".", nameof(name));
        var folder = Folder;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
