using ExplainHub.Client.Cli.Commands;

namespace ExplainHub.Client.Tests.Cli;

public sealed class CompletionTests
{
    private static string[] At(string line) => CompletionCommand.Candidates(line, line.Length).ToArray();

    [Fact]
    public void CommandNames_OptionsAndKnownValues_CompleteTheWordBeingTyped()
    {
        Assert.Equal(["train"], At("explainhub tr"));
        Assert.Contains("--kind", At("./explainhub train --"));
        Assert.Contains("--dataset", At("./explainhub train --"));
        Assert.Equal(["resnet18", "resnet34"], At("explainhub train --kind res").Order(StringComparer.Ordinal));
        Assert.Equal(["test", "train", "validation"], At("explainhub explain --split ").Order(StringComparer.Ordinal));
        Assert.Empty(At("explainhub"));
    }

    [Fact]
    public async Task CompletionCommand_PrintsABashScript_AndAnswersQueries()
    {
        var script = await CliRun.RunAsync(new Fakes.FakeEngine(), ["completion"]);
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("complete -o default -F _explainhub_complete explainhub", script.Out, StringComparison.Ordinal);

        var line = "explainhub predict --mo";
        var query = await CliRun.RunAsync(new Fakes.FakeEngine(), ["__complete", line.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), line]);
        Assert.Equal("--model", query.Out.Trim());

        var wrong = await CliRun.RunAsync(new Fakes.FakeEngine(), ["completion", "fish"]);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Equal(0, script.EngineReleases);
    }
}
