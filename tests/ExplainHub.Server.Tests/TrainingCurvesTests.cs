using ExplainHub.Server.Tests.Fakes;
using ExplainHub.Server.Training;
using ExplainHub.Shared;

namespace ExplainHub.Server.Tests;

public sealed class TrainingCurvesTests
{
    [Fact]
    public void Fold_BatchReport_PlotsRunningLossAndAccuracyAtFractionalEpoch()
    {
        var curves = new TrainingCurves();

        curves.Fold(Reports.Batch(epoch: 2, batch: 5, batchesPerEpoch: 10, loss: 0.7, accuracy: 0.8));

        Assert.Equal([new CurvePoint(1.5, 0.7)], curves.Loss.Points);
        Assert.Equal([new CurvePoint(1.5, 0.8)], curves.Accuracy.Points);
        Assert.Empty(curves.TestAccuracy.Points);
    }

    [Fact]
    public void Fold_EpochReport_ClosesTheEpochAndPlotsTestAccuracy()
    {
        var curves = new TrainingCurves();
        curves.Fold(Reports.Batch(epoch: 1, batch: 5));

        curves.Fold(Reports.Epoch(epoch: 1, testAccuracy: 0.83, loss: 0.6, accuracy: 0.75));

        Assert.Equal(new CurvePoint(1, 0.6), curves.Loss.Points[^1]);
        Assert.Equal(new CurvePoint(1, 0.75), curves.Accuracy.Points[^1]);
        Assert.Equal([new CurvePoint(1, 0.83)], curves.TestAccuracy.Points);
    }

    [Fact]
    public void Fold_ManyBatchReports_KeepsAtMostMaxPointsPerEpoch()
    {
        var curves = new TrainingCurves();

        for (var batch = 1; batch <= 938; batch++)
        {
            curves.Fold(Reports.Batch(epoch: 1, batch: batch, batchesPerEpoch: 938));
        }

        curves.Fold(Reports.Epoch(epoch: 1, testAccuracy: 0.8, batchesPerEpoch: 938));

        Assert.InRange(curves.Loss.Points.Count, TrainingCurves.MaxPointsPerEpoch - 1, TrainingCurves.MaxPointsPerEpoch + 1);
        Assert.Equal(1.0, curves.Loss.Points[^1].X);
    }

    [Fact]
    public void Fold_ReplayedReports_AddNothing()
    {
        var curves = new TrainingCurves();
        var reports = new[] { Reports.Batch(1, 5), Reports.Epoch(1, 0.8), Reports.Batch(2, 5) };
        foreach (var report in reports)
        {
            curves.Fold(report);
        }

        var before = curves.PointCount;
        foreach (var report in reports)
        {
            curves.Fold(report);
        }

        Assert.Equal(before, curves.PointCount);
    }

    [Fact]
    public void Fold_FinishedReport_AddsNoPointForAnEpochAlreadyPlotted()
    {
        var curves = new TrainingCurves();
        var epoch = Reports.Epoch(1, 0.8);
        curves.Fold(epoch);

        curves.Fold(epoch with { Phase = TrainingPhase.Finished, State = JobState.Completed });

        Assert.Single(curves.TestAccuracy.Points);
    }

    [Fact]
    public void Fold_NonFiniteLoss_IsSkipped_SoTheChartStillSerialises()
    {
        var curves = new TrainingCurves();

        curves.Fold(Reports.Batch(1, 1, loss: double.NaN));
        curves.Fold(Reports.Batch(1, 5, loss: double.PositiveInfinity));

        Assert.Empty(curves.Loss.Points);
        Assert.Equal(2, curves.Accuracy.Points.Count);
    }

    [Fact]
    public void Reset_ClearsEverySeries_AndStartsANewGeneration()
    {
        var curves = new TrainingCurves();
        curves.Fold(Reports.Epoch(1, 0.8));
        var generation = curves.Generation;

        curves.Reset();

        Assert.Equal(0, curves.PointCount);
        Assert.Equal(generation + 1, curves.Generation);
    }

    [Fact]
    public void Fold_ReportsWithALearningRate_DrawTheSchedule_AndOnesWithoutDrawNothing()
    {
        var curves = new TrainingCurves();

        curves.Fold(Reports.Batch(1, 5) with { LearningRate = 1e-3 });
        curves.Fold(Reports.Epoch(1, 0.7) with { LearningRate = 5e-4 });
        curves.Fold(Reports.Batch(2, 5));

        Assert.Equal([(0.5, 1e-3), (1.0, 5e-4)], curves.LearningRate.Points.Select(p => (p.X, p.Y)));
        curves.Reset();
        Assert.Empty(curves.LearningRate.Points);
    }
}
