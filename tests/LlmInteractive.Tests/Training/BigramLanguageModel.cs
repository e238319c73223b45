using LlmInteractive.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Training;

/// <summary>Configuration of the test bigram model (a record, as the lab's model configs are).</summary>
public sealed record BigramConfig(int VocabularySize, int EmbeddingSize, int ContextLength = 16);

/// <summary>
/// The smallest trainable language model: embed the current token, project to next-token logits. Has an embedding, a
/// matrix and a bias, so it exercises every AdamW parameter group; stands in for GPT in the trainer's tests.
/// </summary>
public sealed class BigramLanguageModel : nn.Module<Tensor, Tensor>, ILanguageModel
{
    readonly Embedding embedding;
    readonly Linear head;

    public BigramLanguageModel(BigramConfig config) : base(nameof(BigramLanguageModel))
    {
        Config = config;
        embedding = nn.Embedding(config.VocabularySize, config.EmbeddingSize);
        head = nn.Linear(config.EmbeddingSize, config.VocabularySize);
        RegisterComponents();
    }

    public BigramConfig Config { get; }

    public nn.Module Module => this;

    public int VocabularySize => Config.VocabularySize;

    public int ContextLength => Config.ContextLength;

    public bool IsCausal => true;

    public long ParameterCount => parameters().Sum(p => p.numel());

    public double FlopsPerToken => 6.0 * ParameterCount;

    public override Tensor forward(Tensor ids) => head.forward(embedding.forward(ids));   // (B, T) → (B, T, V)

    public Tensor Logits(Tensor ids) => forward(ids);

    public (Tensor Logits, IReadOnlyList<Tensor> Attention) LogitsWithAttention(Tensor ids) =>
        throw new NotSupportedException("A bigram model has no attention.");
}
