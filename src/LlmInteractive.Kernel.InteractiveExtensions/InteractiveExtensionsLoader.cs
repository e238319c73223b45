using System.Reflection;
using System.Runtime.Loader;
using InteractiveExtensionsHost = LlmInteractive.Kernel.Extensions.InteractiveExtensionsHost;
using IInteractiveExtensionsLoader = LlmInteractive.Kernel.Extensions.IInteractiveExtensionsLoader;
using LlmInteractive.Kernel.Interpreter;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmInteractive.Kernel.InteractiveExtensions;

/// <summary>
/// Runs .NET Interactive kernel extensions (implementations of <c>Microsoft.DotNet.Interactive.IKernelExtension</c> from
/// a package's <c>interactive-extensions/dotnet/</c>) in our kernel, as dotnet-interactive does for <c>#r "nuget: ..."</c>:
/// each extension's <c>OnLoadAsync</c> is awaited with a real <see cref="CompositeKernel"/> whose "csharp" kernel is our
/// session (<see cref="SessionKernel"/>), inside a command, so <c>KernelInvocationContext.Current</c> displays reach the
/// cell. What it registers is honoured: formatters are copied to our kernel's Formatter (but where our session already
/// formats that type as that mime type, ours stays), directives become magics.
/// </summary>
public sealed class InteractiveExtensionsLoader(InteractiveExtensionsHost host) : IInteractiveExtensionsLoader
{
    readonly HashSet<Type> loaded = [];
    readonly SemaphoreSlim serial = new(1, 1);
    (CompositeKernel Root, SessionKernel CSharp)? kernels;

    (CompositeKernel Root, SessionKernel CSharp) Kernels
    {
        get
        {
            if (kernels is { } known) return known;
            var csharp = new SessionKernel(host);
            var root = new CompositeKernel { csharp };
            root.DefaultKernelName = csharp.Name;
            kernels = (root, csharp);
            return (root, csharp);
        }
    }

    public async Task LoadAsync(IReadOnlyList<string> assemblyPaths, IExecutionOutput output, CancellationToken cancellation)
    {
        await serial.WaitAsync(cancellation);
        try
        {
            var context = AssemblyLoadContext.GetLoadContext(typeof(InteractiveExtensionsLoader).Assembly)!;
            foreach (var path in assemblyPaths)
            {
                Assembly assembly;
                // A second #r of the package finds the assembly loaded already (its extensions are not run again).
                try { assembly = context.Assemblies.FirstOrDefault(a => a.Location == path) ?? context.LoadFromAssemblyPath(path); }
                catch (BadImageFormatException) { continue; }   // a native file the folder also holds
                foreach (var type in ExtensionTypes(assembly))
                    if (loaded.Add(type)) await LoadAsync(type, output, cancellation);
            }
        }
        finally
        {
            serial.Release();
        }
    }

    async Task LoadAsync(Type type, IExecutionOutput output, CancellationToken cancellation)
    {
        var extension = (IKernelExtension)Activator.CreateInstance(type)!;
        var (root, csharp) = Kernels;
        var formattersBefore = Formatter.RegisteredFormatters(false).ToHashSet();
        var directivesBefore = DirectiveNames(root, csharp);

        var failure = await SendAsync(new LoadKernelExtension(extension, root), csharp, output, cancellation);
        if (failure is not null)
            throw new InvalidOperationException($".NET Interactive extension {type.FullName} failed to load: {failure}");
        output.Stream("stdout", $"Loaded .NET Interactive extension {type.FullName}\n");

        foreach (var formatter in Formatter.RegisteredFormatters(false).Where(f => !formattersBefore.Contains(f)).Reverse())
        {
            var theirs = formatter;
            var adopted = host.AdoptFormatter(theirs.Type, theirs.MimeType, value => Formatter.ToDisplayString(value, theirs));
            if (!adopted)
                output.Stream("stdout", $"  {theirs.MimeType} for {theirs.Type.FullName}: this kernel's own formatter is kept\n");
        }
        foreach (var name in DirectiveNames(root, csharp).Except(directivesBefore).Order(StringComparer.Ordinal))
        {
            host.Magics.Register(DirectiveMagic.For(name, (code, magicOutput, token) => SendAsync(new SubmitCode(code), root, magicOutput, token)));
            output.Stream("stdout", $"  {name}: a magic of this kernel now\n");
        }
    }

    /// <summary>Runs <paramref name="command"/> with its events sent to <paramref name="output"/>; a failure's message, else null.</summary>
    async Task<string?> SendAsync(KernelCommand command, Microsoft.DotNet.Interactive.Kernel kernel, IExecutionOutput output, CancellationToken cancellation)
    {
        var csharp = Kernels.CSharp;
        string? failure = null;
        var previous = csharp.Output;
        csharp.Output = output;
        try
        {
            using var forwarding = kernel.KernelEvents.Subscribe(new EventObserver(e => failure ??= KernelEventOutput.Forward(e, output)));
            await kernel.SendAsync(command, cancellation);
        }
        finally
        {
            csharp.Output = previous;
        }
        return failure;
    }

    static HashSet<string> DirectiveNames(CompositeKernel root, SessionKernel csharp) =>
        root.KernelInfo.SupportedDirectives.Concat(csharp.KernelInfo.SupportedDirectives)
            .Select(d => d.Name).Where(n => n.StartsWith("#!", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    static IEnumerable<Type> ExtensionTypes(Assembly assembly)
    {
        Type?[] types;
        try { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types; }
        return types.OfType<Type>().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IKernelExtension).IsAssignableFrom(t)
                                                && t.GetConstructor(Type.EmptyTypes) is not null);
    }

    sealed class EventObserver(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnNext(KernelEvent value) => onNext(value);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
