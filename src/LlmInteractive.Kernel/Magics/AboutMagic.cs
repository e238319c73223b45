using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Magics;

/// <summary><c>#!about</c>: the kernel's version and the runtime, compiler and OS it runs on.</summary>
static class AboutMagic
{
    public static MagicCommand Create() => new(
        new Command("about", "Show the kernel version, .NET runtime, C# compiler and operating system."),
        context =>
        {
            static string Version(Assembly a) =>
                a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "?";
            var lines = new[]
            {
                $"LlmInteractive kernel {Version(typeof(AboutMagic).Assembly)}",
                $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
                $"Roslyn (C# scripting) {Version(typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly)}",
                $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores",
            };
            var html = "<div><b>" + System.Net.WebUtility.HtmlEncode(lines[0]) + "</b><br/>" +
                       string.Join("<br/>", lines.Skip(1).Select(System.Net.WebUtility.HtmlEncode)) + "</div>";
            var bundle = new MimeBundle(new Dictionary<string, object> { ["text/plain"] = string.Join("\n", lines), ["text/html"] = html });
            context.Output.Display(bundle, displayId: null, update: false);
            return Task.FromResult<ExecutionOutcome?>(null);
        });
}
