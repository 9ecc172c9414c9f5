using ExplainHub.Engine.Evaluate;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

public sealed class ClassificationReportTests
{
    [Fact]
    public void Report_MatchesHandComputedPrecisionRecallF1AndConfusion()
    {
        // truth:     0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2   → class 0: P 2/2 R 2/3; class 1: P 1/2 R 1/2; class 2: P 1/2 R 1/1
        int[] truth = [0, 0, 0, 1, 1, 2];
        int[] predicted = [0, 0, 1, 1, 2, 2];
        var report = ClassificationReportBuilder.Build("m", "d", DatasetSplit.Test, ["a", "b", "c"], truth, predicted);

        Assert.Equal(4.0 / 6, report.Accuracy, 12);
        Assert.Equal(1.0, report.Classes[0].Precision, 12);
        Assert.Equal(2.0 / 3, report.Classes[0].Recall, 12);
        Assert.Equal(0.8, report.Classes[0].F1, 12);
        Assert.Equal(0.5, report.Classes[1].F1, 12);
        Assert.Equal(2.0 / 3, report.Classes[2].F1, 12);
        Assert.Equal([3, 2, 1], report.Classes.Select(c => c.Support));
        Assert.Equal((0.8 + 0.5 + (2.0 / 3)) / 3, report.MacroAverage.F1, 12);
        Assert.Equal(((0.8 * 3) + (0.5 * 2) + (2.0 / 3)) / 6, report.WeightedAverage.F1, 12);
        Assert.Equal([2, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], report.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 1], report.ConfusionMatrix[2]);
    }

    [Fact]
    public void AClassNeverPredicted_HasZeroPrecision_NotNaN()
    {
        var report = ClassificationReportBuilder.Build("m", "d", DatasetSplit.Test, ["a", "b"], [0, 1], [0, 0]);
        Assert.Equal(0, report.Classes[1].Precision);
        Assert.Equal(0, report.Classes[1].F1);
    }
}
