using ExplainHub.Shared;
using ExplainHub.Server.Components.Charts;
using ExplainHub.Server.Training;

namespace ExplainHub.Server.Tests.Charts;

public sealed class CurveSyncTests
{
    [Fact]
    public void TheFirstCall_RedrawsEverything_ThenNothingUntilAPointArrives()
    {
        var curves = new TrainingCurves();
        var sync = new CurveSync();

        Assert.IsType<CurveChange.Redraw>(sync.Next([curves.Loss, curves.Accuracy], curves.Generation));
        Assert.IsType<CurveChange.None>(sync.Next([curves.Loss, curves.Accuracy], curves.Generation));
    }

    [Fact]
    public void NewPoints_AreSentAlone_AndOnlyForTheLinesThatGotThem()
    {
        var curves = new TrainingCurves();
        var sync = new CurveSync();
        curves.Fold(Epoch(1, loss: 0.9));
        sync.Next([curves.Loss, curves.TestAccuracy], curves.Generation);

        curves.Fold(Epoch(2, loss: 0.5));
        curves.Fold(Epoch(3, loss: 0.4));
        var change = Assert.IsType<CurveChange.Extend>(sync.Next([curves.Loss, curves.TestAccuracy], curves.Generation));

        Assert.Equal([0, 1], change.Points.Indices);
        Assert.Equal([2.0, 3.0], change.Points.X[0]);
        Assert.Equal([0.5, 0.4], change.Points.Y[0]);
        Assert.Equal([0.7, 0.7], change.Points.Y[1]);
        Assert.IsType<CurveChange.None>(sync.Next([curves.Loss, curves.TestAccuracy], curves.Generation));
    }

    [Fact]
    public void AResetOrADifferentSetOfLines_RedrawsEverything()
    {
        var curves = new TrainingCurves();
        var sync = new CurveSync();
        curves.Fold(Epoch(1, loss: 0.9));
        sync.Next([curves.Loss], curves.Generation);

        Assert.IsType<CurveChange.Redraw>(sync.Next([curves.Loss, curves.Accuracy], curves.Generation));
        curves.Reset();
        Assert.IsType<CurveChange.Redraw>(sync.Next([curves.Loss, curves.Accuracy], curves.Generation));
    }

    private static TrainingProgress Epoch(int epoch, double loss) =>
        new("job", TrainingPhase.Epoch, epoch, 3, 10, 10, loss, 0.6, 0.7, 100, 1, JobState.Running);
}
