using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Kernel.Tests.Sweeps;

public sealed class SweepPlanTests
{
    [Fact]
    public void A_grid_is_the_cartesian_product_with_the_first_axis_varying_slowest()
    {
        var points = SweepPlan.Grid(["layers=1,2", "width=16,32,64"]);

        Assert.Equal(["layers=1,width=16", "layers=1,width=32", "layers=1,width=64", "layers=2,width=16", "layers=2,width=32", "layers=2,width=64"],
            points.Select(p => p.Id));
        Assert.Equal([("layers", "2"), ("width", "32")], points[4].Parameters);
        Assert.Empty(SweepPlan.Grid([]));
    }

    [Fact]
    public void Ids_are_the_parameters_and_a_value_that_is_no_file_name_gets_a_hash()
    {
        var plain = SweepPoint.Create([("seed", "1"), ("lr", "3e-4")]);
        var slash = SweepPoint.Create([("data", "a/b")]);
        var star = SweepPoint.Create([("data", "a*b")]);

        Assert.Equal("seed=1,lr=3e-4", plain.Id);
        Assert.StartsWith("data=a_b-", slash.Id);
        Assert.StartsWith("data=a_b-", star.Id);
        Assert.NotEqual(slash.Id, star.Id);
        Assert.Equal(slash.Id, SweepPoint.Create([("data", "a/b")]).Id);
        Assert.DoesNotContain('/', slash.Id);
    }

    [Fact]
    public void Malformed_grids_and_repeated_points_are_refused_with_the_fix()
    {
        Assert.Contains("empty value", Assert.Throws<ArgumentException>(() => SweepPlan.Grid(["seed=1,,2"])).Message);
        Assert.Contains("given twice", Assert.Throws<ArgumentException>(() => SweepPlan.Grid(["seed=1", "seed=2"])).Message);
        Assert.Contains("not a C# identifier", Assert.Throws<ArgumentException>(() => SweepPlan.Grid(["2x=1"])).Message);
        Assert.Contains("given 2 times", Assert.Throws<ArgumentException>(() => SweepPlan.EnsureDistinct([.. SweepPlan.Grid(["seed=1"]), .. SweepPlan.Grid(["seed=1"])])).Message);
    }

    [Fact]
    public void A_points_file_keeps_numbers_and_booleans_as_literals_and_strings_as_text()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """[{"seed": 1, "fail": true, "name": "tiny", "lr": 0.5}, {"seed": 2}]""");
            var points = SweepPlan.FromFile(file);

            Assert.Equal([("seed", "1"), ("fail", "true"), ("name", "tiny"), ("lr", "0.5")], points[0].Parameters);
            Assert.Equal("seed=2", points[1].Id);
            File.WriteAllText(file, """{"seed": 1}""");
            Assert.Contains("JSON array", Assert.Throws<ArgumentException>(() => SweepPlan.FromFile(file)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, "0-3")]
    [InlineData(new[] { 7, 0, 1, 9, 10, 11, 3 }, "0-1,3,7,9-11")]
    [InlineData(new[] { 5 }, "5")]
    public void Array_index_lists_are_written_as_sbatch_takes_them_and_read_back(int[] indices, string list)
    {
        Assert.Equal(list, ArrayIndices.Format(indices));
        Assert.Equal(indices.Order(), ArrayIndices.Parse(list));
        Assert.Equal([4, 5, 6], ArrayIndices.Parse("4-6%2"));
    }
}
