using LlmInteractive.Cli.Sweeps;

namespace LlmInteractive.Kernel.Tests.Sweeps;

public sealed class SweepTableTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("llmi-sweep-table-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Collect_has_the_parameters_then_every_result_key_and_only_done_points()
    {
        var folder = new SweepFolder(directory);
        var points = SweepPlan.Grid(["seed=1,2", "name=a,b c"]);
        var manifest = new SweepManifest("/nb.ipynb", points, null);
        manifest.Save(directory);
        Directory.CreateDirectory(folder.PointDirectory(points[0]));
        File.WriteAllText(folder.ResultsPath(points[0]), """{"loss": 1.5, "seed": 9}""");
        Directory.CreateDirectory(folder.PointDirectory(points[3]));
        File.WriteAllText(folder.ResultsPath(points[3]), """{"loss": 0.25, "accuracy": 0.75}""");
        Directory.CreateDirectory(folder.PointDirectory(points[1]));
        File.WriteAllText(folder.ErrorPath(points[1]), "cell 3 failed\n");

        var table = SweepTable.Collect(folder, SweepManifest.Load(directory));

        Assert.Equal(["point", "seed", "name", "loss", "result_seed", "accuracy"], table.Columns);
        Assert.Equal(
            "point,seed,name,loss,result_seed,accuracy\n" +
            "\"seed=1,name=a\",1,a,1.5,9,\n" +
            "\"" + points[3].Id + "\",2,b c,0.25,,0.75\n",
            table.Csv());
        Assert.Equal([PointState.Done, PointState.Failed, PointState.Pending, PointState.Done], points.Select(p => folder.State(p).State));
    }

    [Fact]
    public void A_notebook_reads_back_what_collect_wrote_with_numbers_and_text_typed_and_missing_cells_missing()
    {
        var folder = new SweepFolder(directory);
        var points = SweepPlan.Grid(["width=8,16", "name=a"]);
        new SweepManifest("/nb.ipynb", points, null).Save(directory);
        foreach (var (point, loss) in points.Zip((double[])[2.5, 0.1 + 0.2]))
        {
            Directory.CreateDirectory(folder.PointDirectory(point));
            File.WriteAllText(folder.ResultsPath(point), point == points[0] ? $$"""{"loss": {{loss:R}}, "steps": 40}""" : $$"""{"loss": {{loss:R}}}""");
        }
        var written = SweepTable.Collect(folder, SweepManifest.Load(directory));
        SweepTable.Write(written, directory);

        var read = LlmInteractive.Experiments.SweepResults.Read(directory);

        Assert.Equal(written.Columns, read.Columns);
        Assert.Equal(written.Csv(), read.Csv());
        Assert.Equal(["width=8,name=a", "width=16,name=a"], read.Rows.Select(r => r.Point));
        Assert.Equal([8.0, 16.0], read.Rows.Select(r => r.Number("width")));
        Assert.Equal("a", read.Rows[1].Text("name"));
        // Round trip of a double is exact (0.1 + 0.2 is not 0.3): the notebook refits the very numbers the points measured.
        Assert.Equal(0.1 + 0.2, read.Rows[1].Number("loss"));
        Assert.True(read.Rows[0].Has("steps") && !read.Rows[1].Has("steps"));
        var missing = Assert.Throws<KeyNotFoundException>(() => read.Rows[1].Number("steps"));
        Assert.Contains("width=16,name=a", missing.Message);
    }
}
