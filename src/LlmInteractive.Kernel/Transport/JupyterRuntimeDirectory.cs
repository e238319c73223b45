namespace LlmInteractive.Kernel.Transport;

/// <summary>
/// The user's Jupyter runtime directory, where connection files belong (as jupyter_client puts them): it is
/// private to the user, unlike the shared temp folder.
/// </summary>
public static class JupyterRuntimeDirectory
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>$JUPYTER_RUNTIME_DIR, else $XDG_RUNTIME_DIR/jupyter, else $JUPYTER_DATA_DIR/runtime, else ~/.local/share/jupyter/runtime.</summary>
    public static string Resolve(Func<string, string?> environment)
    {
        if (environment("JUPYTER_RUNTIME_DIR") is { Length: > 0 } runtime) return runtime;
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } xdg) return Path.Combine(xdg, "jupyter");
        if (environment("JUPYTER_DATA_DIR") is { Length: > 0 } data) return Path.Combine(data, "runtime");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter", "runtime");
    }

    /// <summary>Resolves the directory and creates it (owner-only, 0700) when missing.</summary>
    public static string Create(Func<string, string?>? environment = null)
    {
        var path = Resolve(environment ?? Environment.GetEnvironmentVariable);
        CreatePrivate(path);
        return path;
    }

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 0700 when it does not exist.</summary>
    public static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnly);
    }
}
