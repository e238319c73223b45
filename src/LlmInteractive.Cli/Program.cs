using LlmInteractive.Runtime;
using TorchSharp;

// Placeholder entry point until the verbs land: `doctor` prints what the torch runtime loaded.
var info = TorchRuntime.EnsureLoaded();
Console.WriteLine(info);
using var product = torch.ones(3, 4).matmul(torch.ones(4, 2));
Console.WriteLine($"matmul check: {product.sum().item<float>()}");
