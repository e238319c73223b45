using LlmInteractive.Cli.Notebooks;

namespace LlmInteractive.Kernel.Tests.Cli;

public class NotebookParametersTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("5000000000", "5000000000L")]
    [InlineData("0.5", "0.5")]
    [InlineData("1e5", "100000.0")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("gpt-2", "\"gpt-2\"")]
    [InlineData("C:\\data\n", "\"C:\\\\data\\n\"")]
    [InlineData("NaN", "\"NaN\"")]
    public void Values_become_csharp_literals(string value, string literal) =>
        Assert.Equal(literal, NotebookParameters.ToCSharpLiteral(value));

    [Fact]
    public void Bad_pairs_say_how_to_write_them()
    {
        Assert.Contains("NAME=VALUE", Assert.Throws<ArgumentException>(() => NotebookParameters.Parse(["steps"])).Message);
        Assert.Contains("C# identifier", Assert.Throws<ArgumentException>(() => NotebookParameters.Parse(["2x=1"])).Message);
        Assert.Equal([("a", "b=c")], NotebookParameters.Parse(["a=b=c"]));
    }
}
