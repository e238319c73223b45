using LlmInteractive.Runtime;

// Placeholder entry point until the verbs land; prints what the torch runtime loaded.
var info = TorchRuntime.EnsureLoaded();
Console.WriteLine(info);
