using ExplainHub.Client.Cli;
using ExplainHub.Shared;

namespace ExplainHub.Client.Tests.Cli;

public sealed class JobProgressViewTests
{
    private static TrainingProgress Batch(int epoch, int batch) =>
        new("job-1", TrainingPhase.Batch, epoch, 2, batch, 10, 1.5, 0.25, null, 1000, 12, JobState.Running);

    private static TrainingProgress EpochEnd(int epoch, double test) =>
        new("job-1", TrainingPhase.Epoch, epoch, 2, 10, 10, 0.75, 0.5, test, 1000, 0, JobState.Running);

    [Fact]
    public void LiveDisplay_LeavesEachFinishedEpochWithItsSummary()
    {
        var output = new StringWriter();
        var view = new LiveJobProgress(output, 160, import: false);
        foreach (var report in new[] { Batch(1, 3), EpochEnd(1, 0.6), Batch(2, 5), EpochEnd(2, 0.7) })
        {
            view.Report(report);
        }

        view.Finish();
        view.Finish();

        var text = output.ToString();
        Assert.Contains("epoch 1/2", text, StringComparison.Ordinal);
        Assert.Contains("test acc 60.00%", text, StringComparison.Ordinal);
        Assert.Contains("test acc 70.00%", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_WritesOneLinePerEpoch_AndNoBatchLines()
    {
        var output = new StringWriter();
        var view = new JobProgressLog(output, import: false);
        foreach (var report in new[] { Batch(1, 3), EpochEnd(1, 0.6), Batch(2, 5), EpochEnd(2, 0.7) })
        {
            view.Report(report);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("epoch 2/2  loss 0.7500  acc 50.00%  test acc 70.00%", lines[1], StringComparison.Ordinal);
    }
}
