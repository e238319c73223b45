using Google.Protobuf;

namespace LlmInteractive.Checkpoints;

/// <summary>One node of an ONNX graph: its operator, the value names it reads and writes, and its integer attributes.</summary>
public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long> IntAttributes);

/// <summary>A float32 initializer (a weight) of an ONNX graph, little-endian as stored.</summary>
public sealed record OnnxInitializer(string Name, long[] Dims, int DataType, byte[] RawData)
{
    /// <summary>ONNX's TensorProto.DataType for float32.</summary>
    public const int Float32 = 1;
}

/// <summary>
/// The parts of an ONNX model (onnx.proto3) that loading weights needs: the nodes and the initializers of the main
/// graph. Read straight from the protobuf wire format with Google.Protobuf's reader; every other field is skipped,
/// so nothing here depends on code generated from the ONNX schema.
/// </summary>
public sealed class OnnxGraph
{
    // Field numbers from onnx.proto3.
    const int ModelGraph = 7;
    const int GraphNode = 1, GraphInitializer = 5;
    const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    const int AttributeName = 1, AttributeInt = 3;
    const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorName = 8, TensorRawData = 9, TensorExternalData = 13;

    OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, OnnxInitializer> initializers)
    {
        Nodes = nodes;
        Initializers = initializers;
    }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Initializers by their name in the graph (a Hugging Face parameter name, or an export's number).</summary>
    public IReadOnlyDictionary<string, OnnxInitializer> Initializers { get; }

    /// <summary>The nodes that read the value <paramref name="name"/>.</summary>
    public IEnumerable<OnnxNode> Consumers(string name) => Nodes.Where(n => n.Inputs.Contains(name));

    public static OnnxGraph Read(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var input = new CodedInputStream(model);
        ByteString? graph = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == ModelGraph) graph = input.ReadBytes();
            else input.SkipLastField();
        }
        if (graph is null) throw new InvalidDataException("The stream is not an ONNX model: it has no graph (ModelProto field 7).");
        return ReadGraph(graph.CreateCodedInput());
    }

    static OnnxGraph ReadGraph(CodedInputStream input)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case GraphNode: nodes.Add(ReadNode(input.ReadBytes().CreateCodedInput())); break;
                case GraphInitializer:
                    var initializer = ReadTensor(input.ReadBytes().CreateCodedInput());
                    initializers[initializer.Name] = initializer;
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxGraph(nodes, initializers);
    }

    static OnnxNode ReadNode(CodedInputStream input)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, long>(StringComparer.Ordinal);
        string name = "", opType = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case NodeInput: inputs.Add(input.ReadString()); break;
                case NodeOutput: outputs.Add(input.ReadString()); break;
                case NodeName: name = input.ReadString(); break;
                case NodeOpType: opType = input.ReadString(); break;
                case NodeAttribute:
                    if (ReadIntAttribute(input.ReadBytes().CreateCodedInput()) is var (key, value)) attributes[key] = value;
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxNode(opType, name, inputs, outputs, attributes);
    }

    /// <summary>The attribute's name and integer value, or null when it holds no integer (floats, tensors, graphs).</summary>
    static (string, long)? ReadIntAttribute(CodedInputStream input)
    {
        string name = "";
        long? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case AttributeName: name = input.ReadString(); break;
                case AttributeInt: value = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }
        return value is { } v ? (name, v) : null;
    }

    static OnnxInitializer ReadTensor(CodedInputStream input)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        var name = "";
        var dataType = 0;
        byte[]? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case TensorDims: ReadRepeated(input, tag, reader => dims.Add(reader.ReadInt64())); break;
                case TensorDataType: dataType = input.ReadInt32(); break;
                case TensorFloatData: ReadRepeated(input, tag, reader => floats.Add(reader.ReadFloat())); break;
                case TensorName: name = input.ReadString(); break;
                case TensorRawData: raw = input.ReadBytes().ToByteArray(); break;
                case TensorExternalData:
                    throw new NotSupportedException("This ONNX model keeps its weights in external files; only self-contained models are read.");
                default: input.SkipLastField(); break;
            }
        }
        // Small tensors may be stored as float_data instead of raw bytes: bring both to one little-endian form.
        raw ??= floats.SelectMany(BitConverter.GetBytes).ToArray();
        return new OnnxInitializer(name, [.. dims], dataType, raw);
    }

    /// <summary>A repeated scalar field, packed (one length-delimited run) or not (one tag per value).</summary>
    static void ReadRepeated(CodedInputStream input, uint tag, Action<CodedInputStream> readOne)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            readOne(input);
            return;
        }
        var packed = input.ReadBytes().CreateCodedInput();
        while (!packed.IsAtEnd) readOne(packed);
    }
}
