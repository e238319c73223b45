using LlmInteractive.Evaluation;
using LlmInteractive.Tests.Models;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

public class TokenRankViewTests
{
    [Fact]
    public void Scoring_ranks_each_token_among_the_whole_vocabulary()
    {
        using var model = TinyModels.Gpt(vocabulary: 30);                 // the letter tokenizer's 30 ids
        var probabilities = Scoring.Score(model, new LetterTokenizer(), "the cat sat.", topK: 30);
        foreach (var token in probabilities.Tokens)
        {
            var better = token.Alternatives.Count(a => a.Probability > token.Probability);
            Assert.Equal(better + 1, token.Rank); // all 30 ids are alternatives here
        }
        Assert.Contains(probabilities.Tokens, t => t.Rank > 1);
    }

    [Fact]
    public void Html_switches_between_surprisal_and_rank_colours_without_script()
    {
        var probabilities = new TokenProbabilities(["The"],
        [
            new ScoredToken(5, " cat", 0.42, [new TokenAlternative(5, " cat", 0.42)], Rank: 1),
            new ScoredToken(7, " sat", 0.05, [new TokenAlternative(8, " is", 0.60)], Rank: 7),
            new ScoredToken(2, " on", 0.001, [], Rank: 4000),
            new ScoredToken(3, " it", 0.3, [new TokenAlternative(4, " a", 0.5), new TokenAlternative(3, " it", 0.3)]), // rank from the alternatives
            new ScoredToken(6, " x", 0.01, []),                                                                        // unknown rank
        ], Generated: false);
        var html = TokenProbabilitiesHtml.Render(probabilities);
        var doc = ViewTestData.Parse(html);
        Assert.Empty(doc.QuerySelectorAll("script"));
        var radios = doc.QuerySelectorAll("input[type='radio']");
        Assert.Equal(2, radios.Length);
        Assert.Equal(radios[0].GetAttribute("name"), radios[1].GetAttribute("name"));
        var scored = doc.QuerySelectorAll(".t[data-rank]").ToList();
        Assert.Equal(["1", "7", "4000", "2", "0"], scored.Select(t => t.GetAttribute("data-rank")));
        Assert.Equal(["r0", "r1", "r4", "r1", "r5"], scored.Select(t => t.ClassList.First(c => c.StartsWith('r'))));
        Assert.Contains("rank 7", scored[1].TextContent);
        Assert.Contains(".by-rank:checked ~ .text .t.r4{background:", html);
        Assert.Contains("101–1000", doc.QuerySelector(".legend.lr")!.TextContent);
        Assert.Contains("rank 4000", TokenProbabilitiesText.Render(probabilities));
    }
}
