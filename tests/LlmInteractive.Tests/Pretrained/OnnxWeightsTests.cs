using Google.Protobuf;
using LlmInteractive.Checkpoints;
using LlmInteractive.Models;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Pretrained;

/// <summary>Weights are found by following the ONNX graph to the parameter names, never by their order in the file.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class OnnxWeightsTests(MiniLmFixture fixture)
{
    [Fact]
    public void Every_parameter_of_the_encoder_has_exactly_one_weight_of_the_export()
    {
        var graph = OnnxGraph.Read(new MemoryStream(MiniLmPackage.Read().Model));
        Assert.Equal(148, graph.Initializers.Count); // as exported: 103 float weights, position ids and shape constants
        var weights = OnnxWeights.ByParameterName(graph);
        try
        {
            var parameters = fixture.Model.Module.named_parameters().Select(p => p.name).ToList();
            Assert.Equal(103, parameters.Count);
            Assert.Equal(parameters.Order(StringComparer.Ordinal), weights.Keys.Order(StringComparer.Ordinal));
            // Linear layout (out, in): the feed-forward weights are not square, so a missed transpose shows here.
            Assert.Equal([1536L, 384L], weights["encoder.layer.3.intermediate.dense.weight"].shape);
            Assert.Equal([384L, 1536L], weights["encoder.layer.3.output.dense.weight"].shape);
        }
        finally
        {
            foreach (var tensor in weights.Values) tensor.Dispose();
        }
    }

    [Fact]
    public void Anonymous_matmul_weights_take_the_name_of_the_bias_their_result_is_added_to()
    {
        // Two layers whose anonymous weights are stored in the opposite order to the layers: "1" belongs to "second".
        var model = Model(
            nodes:
            [
                Node("MatMul", ["x", "2"], ["h"]), Node("Add", ["first.bias", "h"], ["y"]),
                Node("MatMul", ["y", "1"], ["g"]), Node("Add", ["g", "second.bias"], ["z"]),
            ],
            initializers:
            [
                Tensor("1", [3, 2], [1, 2, 3, 4, 5, 6]),   // (in 3, out 2) of the second layer
                Tensor("2", [2, 3], [7, 8, 9, 10, 11, 12]), // (in 2, out 3) of the first layer
                Tensor("first.bias", [3], [0, 0, 0]),
                Tensor("second.bias", [2], [0, 0]),
            ]);

        var weights = OnnxWeights.ByParameterName(OnnxGraph.Read(new MemoryStream(model)));

        Assert.Equal(["first.bias", "first.weight", "second.bias", "second.weight"], weights.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([3L, 2L], weights["first.weight"].shape);  // transposed to Linear's (out, in)
        Assert.Equal([7f, 10, 8, 11, 9, 12], weights["first.weight"].data<float>().ToArray());
        Assert.Equal([1f, 3, 5, 2, 4, 6], weights["second.weight"].data<float>().ToArray());
    }

    [Fact]
    public void A_matmul_weight_with_no_named_bias_is_an_error_not_a_guess()
    {
        var model = Model([Node("MatMul", ["x", "5"], ["h"]), Node("Relu", ["h"], ["y"])], [Tensor("5", [2, 2], [1, 2, 3, 4])]);
        var error = Assert.Throws<InvalidDataException>(() => OnnxWeights.ByParameterName(OnnxGraph.Read(new MemoryStream(model))));
        Assert.Contains("'5'", error.Message);
    }

    [Fact]
    public void Loading_into_a_module_it_does_not_fit_names_each_mismatch_and_changes_nothing()
    {
        using var small = new PostLayerNormBert(new PostLayerNormBertConfig(VocabularySize: 100, MaxPositions: 16, Layers: 1, Heads: 2, HiddenSize: 8, IntermediateSize: 16));
        var before = small.named_parameters().First().parameter.clone();
        using var weights = new DisposableWeights(new Dictionary<string, Tensor> { ["embeddings.word_embeddings.weight"] = zeros(5, 8) });
        var error = Assert.Throws<CheckpointMismatchException>(() => OnnxWeights.LoadInto(small, weights.Values, "test.onnx"));
        Assert.Contains("embeddings.word_embeddings.weight: file [5, 8], model [100, 8]", error.Message);
        Assert.Contains("encoder.layer.0.attention.self.query.weight: not in the file", error.Message);
        Assert.True(before.allclose(small.named_parameters().First().parameter, rtol: 0, atol: 0));
    }

    sealed class DisposableWeights(Dictionary<string, Tensor> values) : IDisposable
    {
        public Dictionary<string, Tensor> Values { get; } = values;
        public void Dispose() { foreach (var t in Values.Values) t.Dispose(); }
    }

    // A minimal onnx.proto3 writer: ModelProto.graph (7) → GraphProto.node (1), initializer (5).
    static byte[] Model(byte[][] nodes, byte[][] initializers)
    {
        var graph = Message(output =>
        {
            foreach (var node in nodes) Bytes(output, 1, node);
            foreach (var initializer in initializers) Bytes(output, 5, initializer);
        });
        return Message(output => Bytes(output, 7, graph));
    }

    static byte[] Node(string opType, string[] inputs, string[] outputs) => Message(output =>
    {
        foreach (var input in inputs) { output.WriteTag(1, WireFormat.WireType.LengthDelimited); output.WriteString(input); }
        foreach (var o in outputs) { output.WriteTag(2, WireFormat.WireType.LengthDelimited); output.WriteString(o); }
        output.WriteTag(4, WireFormat.WireType.LengthDelimited);
        output.WriteString(opType);
    });

    static byte[] Tensor(string name, long[] dims, float[] values) => Message(output =>
    {
        foreach (var d in dims) { output.WriteTag(1, WireFormat.WireType.Varint); output.WriteInt64(d); }
        output.WriteTag(2, WireFormat.WireType.Varint);
        output.WriteInt32(1); // float32
        output.WriteTag(8, WireFormat.WireType.LengthDelimited);
        output.WriteString(name);
        Bytes(output, 9, values.SelectMany(BitConverter.GetBytes).ToArray());
    });

    static void Bytes(CodedOutputStream output, int field, byte[] bytes)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(bytes));
    }

    static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) write(output);
        return buffer.ToArray();
    }
}
