using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.Extensions;

/// <summary>
/// Where .NET Interactive extensions run: a load context holding the Microsoft.DotNet.Interactive* assemblies the
/// package brought, the extensions and our loader of them. Formatting is the same version as this kernel's but not
/// shared: .NET Interactive's Kernel subscribes to its Formatter's displayed values once loaded and writes each one it
/// sees outside its own commands to the console (every cell's display would print twice), and an extension's
/// formatters would replace ours (the offline Plotly HTML) instead of passing through AdoptFormatter. Every other
/// assembly (Plotly.NET, FSharp.Core, this kernel) comes from the
/// default context (unless the default one is older than the package needs), so the types an extension formats are the
/// types cells create. Made on the first such package.
/// </summary>
sealed class InteractiveExtensionsContext : AssemblyLoadContext
{
    const string LoaderAssembly = "LlmInteractive.Kernel.InteractiveExtensions";
    readonly ConcurrentDictionary<string, string> own = new(StringComparer.OrdinalIgnoreCase);
    readonly Lazy<IInteractiveExtensionsLoader> loader;

    public InteractiveExtensionsContext(CSharpInterpreter interpreter) : base("LlmInteractive .NET Interactive extensions") =>
        loader = new(() => CreateLoader(interpreter));

    /// <summary>Loads the extensions of a restored package (its graph's assemblies give this context its .NET Interactive).</summary>
    public Task LoadAsync(RestoredPackage package, IExecutionOutput output, CancellationToken cancellation)
    {
        // The rest of the graph (System.Reactive, Plotly.NET, ...) loads into the default context, found by name.
        AssemblyLoading.Register(package.Assemblies);
        foreach (var path in package.Assemblies)
        {
            var name = AssemblyName.GetAssemblyName(path);
            if (name.Name is { } simple && (simple.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal) || OlderInDefault(name)))
                own.TryAdd(simple, path);
        }
        if (!own.ContainsKey("Microsoft.DotNet.Interactive"))
            throw new InvalidOperationException(
                "The package has .NET Interactive extensions but its restore graph has no Microsoft.DotNet.Interactive to run them with.");
        return loader.Value.LoadAsync(package.DotNetInteractiveExtensions, output, cancellation);
    }

    /// <summary>True when the default context holds (or would load from the app) an older version than the package's, e.g. Html.Abstractions.</summary>
    static bool OlderInDefault(AssemblyName name)
    {
        var loaded = AssemblyLoadContext.Default.Assemblies.Select(a => a.GetName()).FirstOrDefault(a => a.Name == name.Name);
        var version = loaded?.Version ?? AppAssemblyVersion(name.Name!);
        return version is not null && version < name.Version;
    }

    static Version? AppAssemblyVersion(string simpleName)
    {
        var path = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), simpleName, StringComparison.OrdinalIgnoreCase));
        return path is null ? null : AssemblyName.GetAssemblyName(path).Version;
    }

    protected override Assembly? Load(AssemblyName name) =>
        name.Name is { } simple && own.TryGetValue(simple, out var path) ? LoadFromAssemblyPath(path) : null;

    IInteractiveExtensionsLoader CreateLoader(CSharpInterpreter interpreter)
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(InteractiveExtensionsContext).Assembly.Location)!, LoaderAssembly + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{LoaderAssembly}.dll is not beside the kernel; build src/LlmInteractive.Cli, which references it.", path);
        var type = LoadFromAssemblyPath(path).GetType(LoaderAssembly + ".InteractiveExtensionsLoader", throwOnError: true)!;
        var host = new InteractiveExtensionsHost(interpreter.RunQuietlyAsync, interpreter.Magics, AdoptFormatter);
        return (IInteractiveExtensionsLoader)Activator.CreateInstance(type, host)!;
    }

    /// <summary>
    /// Our formatter for the type and mime type, if this session registered one, stays (e.g. the LLM extension's offline
    /// Plotly HTML over one that loads plotly.js from a CDN); else the extension's is registered with our Formatter.
    /// </summary>
    static bool AdoptFormatter(Type type, string mimeType, Func<object, string> format)
    {
        if (Formatter.RegisteredFormatters(false).Any(f => f.Type == type && f.MimeType == mimeType)) return false;
        Formatter.Register(type, (value, writer) => writer.Write(format(value)), mimeType);
        return true;
    }
}
