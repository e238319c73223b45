namespace LlmInteractive.Tokenizers;

/// <summary>Shared checks on token ids, so every tokenizer reports a bad id the same way.</summary>
internal static class TokenIds
{
    public static void EnsureInRange(int id, int vocabSize, string tokenizerName)
    {
        if (id < 0 || id >= vocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id,
                $"Token id {id} is not in the {tokenizerName} vocabulary: valid ids are 0..{vocabSize - 1} (VocabSize {vocabSize}). " +
                "Decode only ids produced by the same tokenizer.");
        }
    }
}
