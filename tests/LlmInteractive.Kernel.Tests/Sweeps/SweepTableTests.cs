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
            SweepTable.Csv(table));
        Assert.Equal([PointState.Done, PointState.Failed, PointState.Pending, PointState.Done], points.Select(p => folder.State(p).State));
    }
}
