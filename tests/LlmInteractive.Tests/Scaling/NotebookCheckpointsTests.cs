using LlmInteractive.Experiments;

namespace LlmInteractive.Tests.Scaling;

// Touches a process-wide environment variable: kept out of parallel runs with anything else that reads it.
[Collection(nameof(NotebookCheckpointsTests))]
public class NotebookCheckpointsTests
{
    [Fact]
    public void The_environment_variable_chooses_the_folder_and_plain_names_are_required()
    {
        var previous = Environment.GetEnvironmentVariable(NotebookCheckpoints.Variable);
        var folder = Path.Combine(Path.GetTempPath(), "llmi-checkpoints-" + Guid.NewGuid().ToString("N"));
        try
        {
            Environment.SetEnvironmentVariable(NotebookCheckpoints.Variable, folder);

            var path = NotebookCheckpoints.PathOf("mlm-encoder.ckpt");

            Assert.Equal(Path.Combine(folder, "mlm-encoder.ckpt"), path);
            Assert.True(Directory.Exists(folder));
            Assert.Contains("plain file name", Assert.Throws<ArgumentException>(() => NotebookCheckpoints.PathOf("../x")).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(NotebookCheckpoints.Variable, previous);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
