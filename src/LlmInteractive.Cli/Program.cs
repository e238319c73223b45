using System.CommandLine;
using LlmInteractive.Cli.Verbs;

// llm-interactive: the C# Jupyter kernel for the LLM lab and its tools. Each verb lives in Verbs/.
var root = new RootCommand("LLM Interactive: a C# Jupyter kernel and LLM lab on TorchSharp.")
{
    InstallVerb.Create(),
    KernelVerb.Create(),
    RunVerb.Create(),
    BenchVerb.Create(),
    DoctorVerb.Create(),
};
return await root.Parse(args).InvokeAsync();
