using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class ProgressFormattingTests
{
    [Fact]
    public void Describe_BatchReport_ShowsEpochBatchRateEtaAndMetrics()
    {
        var progress = new TrainingProgress("job", TrainingPhase.Batch, 2, 10, 120, 938, 0.41234, 0.8512, 0.86, 3456.4, 83.2, JobState.Running);

        var line = ProgressFormatting.Describe(progress);

        Assert.Equal("Epoch 2/10 · batch 120/938 · 3,456 img/s · ETA 1:24 · loss 0.412 · acc 85.1% · test 86.0%", line);
    }

    [Fact]
    public void Describe_FinishedReport_HasNoEta()
    {
        var progress = Reports.Epoch(10, 0.9, epochs: 10) with { Phase = TrainingPhase.Finished, EtaSeconds = 5 };

        Assert.DoesNotContain("ETA", ProgressFormatting.Describe(progress), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(7, "0:07")]
    [InlineData(754, "12:34")]
    [InlineData(3723, "1:02:03")]
    public void FormatDuration_ShowsHoursOnlyWhenNeeded(double seconds, string expected) =>
        Assert.Equal(expected, ProgressFormatting.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void EpochPosition_LastBatchOfAnEpoch_IsTheEpochNumber() =>
        Assert.Equal(3.0, ProgressFormatting.EpochPosition(Reports.Batch(epoch: 3, batch: 10, batchesPerEpoch: 10)));

    [Fact]
    public void OverallFraction_CountsCompletedEpochsAndBatches()
    {
        Assert.Equal(0.25, ProgressFormatting.OverallFraction(Reports.Batch(epoch: 1, batch: 5, batchesPerEpoch: 10, epochs: 2)));
        Assert.Equal(0.5, ProgressFormatting.OverallFraction(Reports.Epoch(epoch: 1, testAccuracy: 0.8, epochs: 2)));
        Assert.Equal(1.0, ProgressFormatting.OverallFraction(Reports.Epoch(1, 0.8, epochs: 2) with { Phase = TrainingPhase.Finished }));
    }

    [Fact]
    public void AClassicalFit_IsDescribedWithoutEpochsOrLoss()
    {
        var fitted = new TrainingProgress("job", TrainingPhase.Epoch, 1, 1, 1, 1, 0, 0.992, 0.81, 1704, 0, JobState.Running);

        Assert.Equal("fitted · 1,704 img/s · train 99.2% · test 81.0%", ProgressFormatting.DescribeClassical(fitted));
        Assert.Equal("fitting…", ProgressFormatting.DescribeClassical(fitted with { Phase = TrainingPhase.Batch }));
    }
}
