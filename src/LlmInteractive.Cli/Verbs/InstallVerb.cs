using System.CommandLine;
using LlmInteractive.Cli.KernelSpecs;

namespace LlmInteractive.Cli.Verbs;

/// <summary><c>install [--user|--prefix DIR]</c>: writes the llm-csharp kernelspec.</summary>
public static class InstallVerb
{
    public static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Install into the user's Jupyter data directory ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter); the default." };
        var prefix = new Option<string?>("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels (e.g. a virtual environment's prefix)." };
        var command = new Command("install", $"Install the Jupyter kernelspec '{KernelSpecInstaller.KernelName}' ({KernelSpecInstaller.DisplayName}).") { user, prefix };
        command.SetAction(parse =>
        {
            if (parse.GetValue(user) && parse.GetValue(prefix) is not null)
            {
                Console.Error.WriteLine("Give either --user or --prefix, not both.");
                return 2;
            }
            var folder = KernelSpecInstaller.Install(KernelLaunch.Current(), parse.GetValue(prefix));
            Console.WriteLine($"Installed kernelspec {KernelSpecInstaller.KernelName} in {folder}");
            return 0;
        });
        return command;
    }
}
