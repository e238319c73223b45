using System.CommandLine;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Runtime;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary><c>#!device [cpu|cuda|cuda:N]</c>: lists the devices (GPU model and memory) and selects one for new models.</summary>
static class DeviceMagic
{
    public static MagicCommand Create()
    {
        var device = new Argument<string?>("DEVICE")
        {
            Description = "cpu, cuda or cuda:N to make the default for models built from now on; leave out to only list devices.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        device.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && value != "cpu" && value != "cuda" && !System.Text.RegularExpressions.Regex.IsMatch(value, @"^cuda:\d+$"))
                r.AddError($"'{value}' is not a device: use cpu, cuda or cuda:N.");
        });
        var command = new Command("device", "List compute devices (with GPU name and memory) and select the one models are built on.") { device };
        return new MagicCommand(command, MagicHandlers.Guarded("device", context =>
        {
            if (context.Arguments.GetValue(device) is { } name) Devices.Select(name);
            MagicOutput.Show(context, new DeviceTable(Devices.Describe(), Devices.Default.ToString()));
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }
}
