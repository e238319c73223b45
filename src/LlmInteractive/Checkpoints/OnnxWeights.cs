using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Checkpoints;

/// <summary>
/// The float weights of an ONNX export under the parameter names of the module it was exported from, found through
/// the graph, never by position. PyTorch's exporter keeps the names of embeddings, LayerNorms and biases but stores
/// each Linear weight transposed as an anonymous MatMul input ("927"); that MatMul's result goes into an Add with the
/// layer's named bias, so "…query.bias" names the weight "…query.weight", transposed back to Linear's (out, in).
/// </summary>
public static class OnnxWeights
{
    /// <summary>Every float32 initializer as a CPU tensor, keyed by the parameter name it stands for.</summary>
    /// <exception cref="InvalidDataException">A MatMul weight whose result reaches no single named bias.</exception>
    public static Dictionary<string, Tensor> ByParameterName(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var renamed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "MatMul" && node.Inputs.Count == 2 && graph.Initializers.TryGetValue(node.Inputs[1], out var matrix))
            {
                Add(weights, WeightNameFromBias(graph, node), ToTensor(matrix).t().contiguous()); // (in, out) → (out, in)
                renamed.Add(matrix.Name);
            }
            else if (node.OpType == "Gemm" && node.Inputs.Count >= 2 && graph.Initializers.TryGetValue(node.Inputs[1], out var gemm))
            {
                // Gemm computes A·Bᵀ when transB = 1, which is Linear's layout already.
                var transposed = node.IntAttributes.GetValueOrDefault("transB") == 1;
                var tensor = ToTensor(gemm);
                var name = IsNumbered(gemm.Name) && node.Inputs.Count == 3 ? WeightName(node.Inputs[2], node) : gemm.Name;
                Add(weights, name, transposed ? tensor : tensor.t().contiguous());
                renamed.Add(gemm.Name);
            }
        }
        foreach (var initializer in graph.Initializers.Values)
            if (initializer.DataType == OnnxInitializer.Float32 && !renamed.Contains(initializer.Name))
                Add(weights, initializer.Name, ToTensor(initializer));
        return weights;
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into the parameters of <paramref name="module"/> with the same dotted names.
    /// Every parameter must be found, with its shape; nothing is changed otherwise.
    /// </summary>
    /// <returns>The weights no parameter took (for the caller to check or report).</returns>
    public static IReadOnlyList<string> LoadInto(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weights);
        var parameters = module.named_parameters().ToList();
        var problems = new List<string>();
        foreach (var (name, parameter) in parameters)
        {
            if (!weights.TryGetValue(name, out var value)) problems.Add($"{name}: not in the file");
            else if (!value.shape.SequenceEqual(parameter.shape))
                problems.Add($"{name}: file [{string.Join(", ", value.shape)}], model [{string.Join(", ", parameter.shape)}]");
        }
        if (problems.Count > 0) throw new CheckpointMismatchException(source, problems);
        using (no_grad())
            foreach (var (name, parameter) in parameters)
                parameter.copy_(weights[name]);
        var taken = parameters.Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        return weights.Keys.Where(name => !taken.Contains(name)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>"…query.bias" in the Add that consumes the MatMul's result gives "…query.weight".</summary>
    static string WeightNameFromBias(OnnxGraph graph, OnnxNode matMul)
    {
        var biases = graph.Consumers(matMul.Outputs[0])
            .Where(n => n.OpType == "Add")
            .SelectMany(n => n.Inputs)
            .Where(input => input != matMul.Outputs[0] && graph.Initializers.ContainsKey(input))
            .ToList();
        if (biases.Count != 1)
            throw new InvalidDataException(
                $"The MatMul '{matMul.Name}' reads the anonymous weight '{matMul.Inputs[1]}', but its result goes into " +
                $"{biases.Count} Add nodes with a named bias, not one: its parameter name cannot be found from the graph.");
        return WeightName(biases[0], matMul);
    }

    static string WeightName(string biasName, OnnxNode node) =>
        biasName.EndsWith(".bias", StringComparison.Ordinal)
            ? biasName[..^".bias".Length] + ".weight"
            : throw new InvalidDataException($"The node '{node.Name}' adds '{biasName}', which is not named like a bias (….bias).");

    static bool IsNumbered(string name) => name.All(char.IsAsciiDigit);

    static void Add(Dictionary<string, Tensor> weights, string name, Tensor tensor)
    {
        if (!weights.TryAdd(name, tensor))
            throw new InvalidDataException($"Two weights of the ONNX graph map to the parameter '{name}'.");
    }

    static Tensor ToTensor(OnnxInitializer initializer)
    {
        if (initializer.DataType != OnnxInitializer.Float32)
            throw new InvalidDataException($"The initializer '{initializer.Name}' has ONNX data type {initializer.DataType}, not float32 (1).");
        var values = MemoryMarshal.Cast<byte, float>(initializer.RawData).ToArray();
        var expected = initializer.Dims.Aggregate(1L, (a, b) => a * b);
        if (values.Length != expected)
            throw new InvalidDataException($"The initializer '{initializer.Name}' holds {values.Length} floats for shape [{string.Join(", ", initializer.Dims)}].");
        return tensor(values, initializer.Dims);
    }
}
