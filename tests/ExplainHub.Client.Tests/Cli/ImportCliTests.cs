using ExplainHub.Client.Cli;
using ExplainHub.Client.Tests.Fakes;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

/// <summary>'explainhub import' runs the import as a job: its progress in the log, then the data set it made.</summary>
public sealed class ImportCliTests
{
    private static readonly string[] Emotions = ["Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral"];

    [Fact]
    public async Task Import_FollowsTheJob_LogsEachTenthRead_AndPrintsTheDataSet()
    {
        var engine = new FakeEngine();
        engine.Datasets.Add(new DatasetInfo("faces", "FER2013", 1, 48, 48, Emotions, 28709, 3589, 3589));
        foreach (var read in new[] { 50, 120, 130, 560, 1000 })
        {
            engine.Progress.Add(new TrainingProgress("job-3", TrainingPhase.Batch, 1, 1, read, 1000, 0, 0, null, 0, 10, JobState.Running));
        }

        var run = await CliRun.RunAsync(engine, ["import", "--format", "fer2013", "--path", "fer2013.csv", "--id", "faces"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        // Stderr is not a terminal here: one line per tenth passed, not per report.
        var logged = run.Error.Split('\n').Where(l => l.StartsWith("reading [", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, logged.Count);
        Assert.Contains("12.0%", logged[0], StringComparison.Ordinal);
        Assert.Contains("100.0%", logged[2], StringComparison.Ordinal);
        Assert.Contains("data set faces: 28709 train, 3589 validation, 3589 test images of 1×48×48, 7 classes", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ThatFails_ExitsWithTheEnginesReason()
    {
        var engine = new FakeEngine { FinalState = JobState.Failed };

        var run = await CliRun.RunAsync(engine, ["import", "--format", "fer2013", "--path", "fer2013.csv"]);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("import job job-3 failed", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }
}
