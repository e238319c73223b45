using System.Text;
using LlmInteractive.Tokenizers;

namespace LlmInteractive.Tests.Tokenizers;

/// <summary>The incremental trainer must learn exactly the merges of the obvious algorithm (recount every pair each merge).</summary>
public class BpeTrainerReferenceTests
{
    [Theory]
    [InlineData(1, 400)]
    [InlineData(2, 700)]
    public void Incremental_training_learns_the_same_merges_as_a_full_recount(int seed, int vocabSize)
    {
        var random = new Random(seed);
        string[] words = ["the", "cat", "sat", "on", "mat", "aaaa", "abab", "ééé", "日本", "😀", "banana", "bandana", "1234", "!!", "'s"];
        var corpus = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            corpus.Append(random.Next(3) == 0 ? RandomText.Next(random, 6) : words[random.Next(words.Length)]).Append(' ');
        }
        string text = corpus.ToString();
        Assert.Equal(ReferenceMerges(text, vocabSize), BpeTokenizer.Train(text, vocabSize).Merges);
    }

    private static List<(int, int)> ReferenceMerges(string corpus, int vocabSize)
    {
        var words = Gpt2PreTokenizer.Split(corpus).GroupBy(w => w)
            .Select(g => (Symbols: Encoding.UTF8.GetBytes(g.Key).Select(b => (int)b).ToList(), Count: g.Count())).ToList();
        var merges = new List<(int, int)>();
        while (256 + merges.Count < vocabSize)
        {
            var counts = new Dictionary<(int, int), long>();
            foreach (var (symbols, count) in words)
            {
                for (int i = 0; i + 1 < symbols.Count; i++) counts[(symbols[i], symbols[i + 1])] = counts.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
            }
            if (counts.Count == 0) break;
            var best = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;
            int newId = 256 + merges.Count;
            merges.Add(best);
            foreach (var (symbols, _) in words)
            {
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (symbols[i] == best.Item1 && symbols[i + 1] == best.Item2)
                    {
                        symbols[i] = newId;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}
