using ExplainHub.Client.Cli;

namespace ExplainHub.Client.Tests.Cli;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_LineUpTwoSpacesApart_WithoutTrailingSpaces_AndLongRowsAreNotWrapped()
    {
        var longName = new string('x', 150);
        var output = new StringWriter();
        new TextTable("ID", "NAME", "ACC").Add("m-1", "seed cnn", "0.83").Add("m-22", longName, "0.9").WriteTo(output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal("ID    NAME", lines[0][..10]);
        Assert.StartsWith("m-1   seed cnn", lines[1], StringComparison.Ordinal);
        Assert.Equal(lines[0].IndexOf("ACC", StringComparison.Ordinal), lines[1].IndexOf("0.83", StringComparison.Ordinal));
        Assert.Contains(longName + "  0.9", lines[2], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
    }
}
