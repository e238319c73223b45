namespace LlmInteractive.Cli;

/// <summary>What the llm-interactive launcher sets up for every verb and the kernels it starts.</summary>
public static class Launcher
{
    /// <summary>MklCpuDispatch.SwitchVariable, spelled out so that reading it does not load the lab (and libtorch).</summary>
    public const string MklDispatchSwitch = "LLMI_MKL_DISPATCH";
}
