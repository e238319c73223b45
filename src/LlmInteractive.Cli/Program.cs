using System.CommandLine;
using LlmInteractive.Cli;
using LlmInteractive.Cli.Verbs;

// llm-interactive: the C# Jupyter kernel for the LLM lab and its tools. Each verb lives in Verbs/.
InheritedSignals.RestoreInterrupt();
var root = new RootCommand("LLM Interactive: a C# Jupyter kernel and LLM lab on TorchSharp.")
{
    InstallVerb.Create(),
    KernelVerb.Create(),
    RunVerb.Create(),
    BenchVerb.Create(),
    DoctorVerb.Create(),
    SweepVerb.Create(),
};
// The launcher turns on MKL's vector kernels for non-Intel CPUs (Runtime/MklCpuDispatch: it patches vendor code, so the
// lab only does it when asked) in this process and the kernels it starts; LLMI_MKL_DISPATCH=0 set by the user wins.
// By name, not through MklCpuDispatch: touching the lab here would load libtorch before every verb.
if (Environment.GetEnvironmentVariable(LlmInteractive.Cli.Launcher.MklDispatchSwitch) is null)
    Environment.SetEnvironmentVariable(LlmInteractive.Cli.Launcher.MklDispatchSwitch, "1");
var parsed = root.Parse(args);
// The kernel handles SIGINT itself (it interrupts the running cell); System.CommandLine must not turn SIGINT into
// cancellation of the kernel verb, which would shut the kernel down. `run` handles SIGINT/SIGTERM itself too
// (RunSignals): it must shut its kernel down before it exits; so do `sweep` and its points.
var invocation = new InvocationConfiguration();
if (parsed.CommandResult.Command.Name is "kernel" or "run" or "sweep" or "point") invocation.ProcessTerminationTimeout = null;
return await parsed.InvokeAsync(invocation);
