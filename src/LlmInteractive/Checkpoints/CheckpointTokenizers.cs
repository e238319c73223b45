using LlmInteractive.Tokenizers;

namespace LlmInteractive.Checkpoints;

/// <summary>
/// The seam through which checkpoints store tokenizers without depending on the tokenizer classes: the tokenizer library
/// registers how to write and read its tokenizers (its TokenizerStore). Without a registration a checkpoint keeps only
/// the tokenizer's name and token table, for inspection.
/// </summary>
public static class CheckpointTokenizers
{
    static Action<ITokenizer, Stream>? save;
    static Func<Stream, ITokenizer>? load;

    /// <summary>Registers the tokenizer serializer; the latest registration wins.</summary>
    public static void Register(Action<ITokenizer, Stream> write, Func<Stream, ITokenizer> read)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        (save, load) = (write, read);
    }

    internal static bool CanSave => save is not null;

    internal static void Save(ITokenizer tokenizer, Stream stream) =>
        (save ?? throw new InvalidOperationException("No tokenizer serializer is registered."))(tokenizer, stream);

    internal static ITokenizer? TryLoad(Stream stream) => load?.Invoke(stream);
}
