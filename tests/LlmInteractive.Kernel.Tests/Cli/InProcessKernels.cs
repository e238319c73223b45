using LlmInteractive.Cli.Notebooks;
using LlmInteractive.Kernel.Core;
using LlmInteractive.Kernel.Tests.Protocol;

namespace LlmInteractive.Kernel.Tests.Cli;

/// <summary>Starts in-process kernels with the scripted interpreter, so the notebook runner is tested without Roslyn.</summary>
static class InProcessKernels
{
    public static KernelStarter Scripted => (connection, _) => new Started(new JupyterKernel(connection, new ScriptedInterpreter(), KernelOptions.Default, TextWriter.Null));

    sealed class Started : IStartedKernel
    {
        readonly JupyterKernel kernel;
        readonly Task<bool> run;

        public Started(JupyterKernel kernel)
        {
            this.kernel = kernel;
            run = kernel.RunAsync();
        }

        public string? ExitProblem => run.IsFaulted ? run.Exception!.GetBaseException().Message : null;

        public void Dispose()
        {
            run.Wait(TimeSpan.FromSeconds(5));
            kernel.Dispose();
        }
    }
}
