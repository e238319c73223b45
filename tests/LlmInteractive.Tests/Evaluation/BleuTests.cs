using System.Diagnostics;
using System.Text.Json;
using LlmInteractive.Evaluation;

namespace LlmInteractive.Tests.Evaluation;

public sealed class BleuTests
{
    static IReadOnlyList<string> T(string text) => text.Split(' ');

    [Fact]
    public void Matches_the_worked_example_of_nltks_corpus_bleu()
    {
        // NLTK's corpus_bleu documentation example (Papineni et al.'s sentences): 0.5920778868801042.
        var hypotheses = new[]
        {
            T("It is a guide to action which ensures that the military always obeys the commands of the party"),
            T("he read the book because he was interested in world history"),
        };
        var references = new IReadOnlyList<IReadOnlyList<string>>[]
        {
            [
                T("It is a guide to action that ensures that the military will forever heed Party commands"),
                T("It is the guiding principle which guarantees the military forces always being under the command of the Party"),
                T("It is the practical guide for the army always to heed the directions of the party"),
            ],
            [T("he was interested in world history because he read the book")],
        };
        Assert.Equal(0.5920778868801042, Bleu.Corpus(hypotheses, references), 1e-12);
    }

    [Fact]
    public void Reproduces_the_modified_precisions_papineni_et_al_work_out_by_hand()
    {
        // Papineni et al. (2002), section 2.1, lower-cased: Candidate 1 has modified unigram precision 17/18 and bigram
        // precision 10/17; Candidate 2 has 8/14 and 1/13.
        IReadOnlyList<IReadOnlyList<string>> references =
        [
            T("it is a guide to action that ensures that the military will forever heed party commands"),
            T("it is the guiding principle which guarantees the military forces always being under the command of the party"),
            T("it is the practical guide for the army always to heed the directions of the party"),
        ];
        var candidate1 = Bleu.CorpusDetails([T("it is a guide to action which ensures that the military always obeys the commands of the party")], [references]);
        var candidate2 = Bleu.CorpusDetails([T("it is to insure the troops forever hearing the activity guidebook that party direct")], [references]);
        Assert.Equal(17.0 / 18, candidate1.Precisions[0], 12);
        Assert.Equal(10.0 / 17, candidate1.Precisions[1], 12);
        Assert.Equal(8.0 / 14, candidate2.Precisions[0], 12);
        Assert.Equal(1.0 / 13, candidate2.Precisions[1], 12);
        // Candidate 2 has no trigram in any reference: without smoothing its sentence BLEU is exactly 0.
        Assert.Equal(0, candidate2.Precisions[2]);
        Assert.Equal(0, candidate2.Score);
        // The same section's clipping example: "the" seven times against two references scores 2/7.
        var spam = Bleu.CorpusDetails([T("the the the the the the the")], [[T("the cat is on the mat"), T("there is a cat on the mat")]]);
        Assert.Equal(2.0 / 7, spam.Precisions[0], 12);
    }

    [Fact]
    public void Corpus_bleu_pools_counts_so_it_is_not_the_mean_of_sentence_bleus()
    {
        // One hypothesis matches perfectly, one shares no 4-gram: sentence BLEUs 1 and 0, corpus BLEU in between and
        // not their mean 0.5.
        IReadOnlyList<string> good = T("the whale swam past the ship at dawn"), partial = T("a white whale seen");
        IReadOnlyList<IReadOnlyList<string>> goodReference = [good], partialReference = [T("a white whale was seen by the crew")];
        Assert.Equal(1.0, Bleu.Sentence(good, goodReference), 12);
        Assert.Equal(0, Bleu.Sentence(partial, partialReference));
        var corpus = Bleu.Corpus([good, partial], [goodReference, partialReference]);
        Assert.InRange(corpus, 0.5, 1.0);
        Assert.NotEqual(0.5, corpus, 3);
    }

    [Fact]
    public void Known_failure_cases_show_what_bleu_does_and_does_not_measure()
    {
        IReadOnlyList<IReadOnlyList<string>> reference = [T("the cat is on the mat")];
        // Clipping: "the" seven times matches at most twice (its count in the reference); no bigram matches, so 0.
        var spam = Bleu.CorpusDetails([T("the the the the the the the")], [reference]);
        Assert.Equal(2.0 / 7, spam.Precisions[0], 1e-12);
        Assert.Equal(0, spam.Score);
        // Brevity: a short, perfectly precise hypothesis is penalised exp(1 − r/c).
        var brief = Bleu.CorpusDetails([T("the cat is on")], [reference]);
        Assert.All(brief.Precisions, p => Assert.Equal(1.0, p));
        Assert.Equal(Math.Exp(1 - 6.0 / 4), brief.BrevityPenalty, 12);
        // A paraphrase with the same meaning but other words scores 0: BLEU counts shared n-grams, not meaning.
        Assert.Equal(0, Bleu.Sentence(T("a feline sits upon a rug"), reference));
        Assert.Equal(1.0, Bleu.Sentence(T("the cat is on the mat"), reference), 12);
    }

    [Fact]
    public void Bad_input_names_the_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => Bleu.Corpus([T("a b")], []));
        Assert.Contains("each hypothesis its own list of references", error.Message);
        error = Assert.Throws<ArgumentException>(() => Bleu.Corpus([T("a b")], [[]]));
        Assert.Contains("no reference", error.Message);
    }

    /// <summary>
    /// Against NLTK's corpus_bleu (Debian's python3-nltk, which environment/setup.sh installs): random corpora over a
    /// small vocabulary, so that every order has matches, with several references of various lengths each.
    /// </summary>
    [Fact]
    public void Equals_nltk_corpus_bleu_on_random_corpora()
    {
        var random = new Random(7);
        string[] words = ["a", "b", "c", "d", "e", "f"];
        IReadOnlyList<string> Sentence() => Enumerable.Range(0, random.Next(3, 25)).Select(_ => words[random.Next(words.Length)]).ToList();
        var corpora = Enumerable.Range(0, 20).Select(_ =>
        {
            var size = random.Next(1, 6);
            var hypotheses = Enumerable.Range(0, size).Select(_ => Sentence()).ToList();
            var references = Enumerable.Range(0, size)
                .Select(_ => (IReadOnlyList<IReadOnlyList<string>>)Enumerable.Range(0, random.Next(1, 4)).Select(_ => Sentence()).ToList()).ToList();
            return (hypotheses, references);
        }).ToList();

        var expected = NltkCorpusBleu(corpora.Select(c => new { c.hypotheses, c.references }));
        Assert.Equal(corpora.Count, expected.Count);
        for (var i = 0; i < corpora.Count; i++)
            Assert.Equal(expected[i], Bleu.Corpus(corpora[i].hypotheses, corpora[i].references), 1e-12);
        Assert.True(expected.Count(s => s > 0.05) >= 10, "the random corpora should mostly have matches at every order");
    }

    static List<double> NltkCorpusBleu(object corpora)
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "Debian's python3 is missing: run environment/setup.sh (it installs python3-nltk).");
        const string script = """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            from nltk.translate.bleu_score import corpus_bleu
            corpora = json.load(sys.stdin)
            print(json.dumps([corpus_bleu(c["references"], c["hypotheses"]) for c in corpora]))
            """;
        var start = new ProcessStartInfo(python, ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(JsonSerializer.Serialize(corpora));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"NLTK failed (is python3-nltk installed? environment/setup.sh installs it):\n{errors}");
        return JsonSerializer.Deserialize<List<double>>(output)!;
    }
}
