using LlmInteractive.Data;

namespace LlmInteractive.Tests.Data;

public sealed class RepeatedSegmentsTests
{
    [Fact]
    public void Every_row_repeats_a_segment_and_the_predictable_targets_are_its_copied_tokens()
    {
        var data = new RepeatedSegments(vocabSize: 20, contextLength: 31, minSegment: 3, maxSegment: 8, seed: 5);
        using var batch = data.Batch(7, 64);
        Assert.Equal(new long[] { 64, 31 }, batch.Inputs.shape);
        var inputs = batch.Inputs.data<long>().ToArray();
        var targets = batch.Targets.data<long>().ToArray();
        var predictable = batch.Predictable.data<bool>().ToArray();
        var lengths = new HashSet<int>();
        for (var b = 0; b < 64; b++)
        {
            var row = inputs.Skip(b * 31).Take(31).Append(targets[b * 31 + 30]).ToArray();   // the T + 1 tokens
            for (var t = 0; t < 30; t++) Assert.Equal(row[t + 1], targets[b * 31 + t]);       // targets are shifted inputs
            var copied = Enumerable.Range(0, 31).Where(t => predictable[b * 31 + t]).ToArray();
            // A contiguous run of L − 1 targets, each equal to the token one segment length earlier.
            var segment = copied.Length + 1;
            Assert.InRange(segment, 3, 8);
            Assert.Equal(copied.Length - 1, copied[^1] - copied[0]);
            lengths.Add(segment);
            var second = copied[0];                                                           // row index of the repeat's start
            var offsets = Enumerable.Range(segment, second + 1 - segment)
                .Where(d => Enumerable.Range(0, segment).All(i => row[second - d + i] == row[second + i])).ToArray();
            Assert.NotEmpty(offsets);
        }
        Assert.True(lengths.Count >= 4, $"segment lengths should vary; saw {string.Join(", ", lengths)}");
        Assert.All(inputs, id => Assert.InRange(id, 0, 19));
    }

    [Fact]
    public void Batches_are_a_function_of_seed_and_index()
    {
        var data = new RepeatedSegments(20, 31, 3, 8, seed: 5);
        using var a = data.Batch(3, 4);
        using var again = data.Batch(3, 4);
        using var other = data.Batch(4, 4);
        using var otherSeed = new RepeatedSegments(20, 31, 3, 8, seed: 6).Batch(3, 4);
        Assert.Equal(a.Inputs.data<long>().ToArray(), again.Inputs.data<long>().ToArray());
        Assert.NotEqual(a.Inputs.data<long>().ToArray(), other.Inputs.data<long>().ToArray());
        Assert.NotEqual(a.Inputs.data<long>().ToArray(), otherSeed.Inputs.data<long>().ToArray());
    }

    [Fact]
    public void Doubled_rows_are_a_segment_of_distinct_tokens_then_the_same_segment()
    {
        var data = new RepeatedSegments(20, 31, 3, 8, seed: 5);
        using var batch = data.Doubled(5, 10, seed: 1);
        Assert.Equal(new long[] { 5, 19 }, batch.Inputs.shape);
        var inputs = batch.Inputs.data<long>().ToArray();
        var predictable = batch.Predictable.data<bool>().ToArray();
        for (var b = 0; b < 5; b++)
        {
            var row = inputs.Skip(b * 19).Take(19).ToArray();
            Assert.Equal(10, row.Take(10).Distinct().Count());
            for (var i = 10; i < 19; i++) Assert.Equal(row[i - 10], row[i]);
            // Targets 10..18 (row tokens 11..19) are copies; target 9 is the repeat's first token, not yet known.
            Assert.Equal(Enumerable.Range(0, 19).Select(t => t >= 10).ToArray(), predictable.Skip(b * 19).Take(19).ToArray());
        }
        Assert.Equal("abc", data.Text([0, 1, 2]));
    }

    [Fact]
    public void Impossible_shapes_are_refused_with_the_limits()
    {
        Assert.Contains("(T + 1) / 2 = 16", Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedSegments(20, 31, 3, 17)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedSegments(60, 31, 3, 8));
        Assert.Contains("distinct", Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatedSegments(8, 31, 3, 8).Doubled(2, 9, 0)).Message);
    }
}
