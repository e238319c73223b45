namespace LlmInteractive.Cli.Sweeps;

/// <summary>
/// Writes a file so that readers see the old content or the whole new one, never a part: a temporary file beside it,
/// then a rename, which is atomic within a file system. A sweep's results.json is how every reader decides "done".
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string text)
    {
        var temporary = TemporaryBeside(path);
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Moves a finished file into place, replacing what was there.</summary>
    public static void MoveInto(string source, string path)
    {
        var temporary = TemporaryBeside(path);
        File.Copy(source, temporary, overwrite: true);
        File.Move(temporary, path, overwrite: true);
        File.Delete(source);
    }

    static string TemporaryBeside(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
    }
}
