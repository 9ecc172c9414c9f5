using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>Learning-rate schedules: the rate of every batch, in the reports and in the optimiser.</summary>
[Collection(NativeCollection.Name)]
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void StepDecay_MultipliesTheRateByTheFactor_EveryStepEpochs()
    {
        var plan = new LearningRatePlan(new TrainRequest("d", Epochs: 9, LearningRate: 0.1, Schedule: LearningRateSchedule.Step, StepEpochs: 3, StepFactor: 0.5), 20);

        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], Enumerable.Range(1, 7).Select(e => Math.Round(plan.At(e, 19), 12)));
    }

    [Fact]
    public void Cosine_StartsAtTheRate_IsHalfWayAtMidRun_AndEndsNearZero()
    {
        var plan = new LearningRatePlan(new TrainRequest("d", Epochs: 4, LearningRate: 0.2, Schedule: LearningRateSchedule.Cosine), 10);

        Assert.Equal(0.2, plan.At(1, 0), 12);
        Assert.Equal(0.1, plan.At(3, 0), 12);
        Assert.True(plan.At(4, 9) < 0.2 * 0.01);
    }

    [Fact]
    public void AStepToANearZeroRate_FreezesTheWeights_AndTheReportsSayWhichRateWasUsed()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        var oneEpoch = new TrainRequest(dataset.Info.Id, Epochs: 1, BatchSize: 32, Seed: 4);
        var decayed = oneEpoch with { Epochs = 2, Schedule = LearningRateSchedule.Step, StepEpochs = 1, StepFactor = 1e-9 };

        using var reference = SmallNetworkRun.Train(dataset, oneEpoch);
        using var run = SmallNetworkRun.Train(dataset, decayed);

        Assert.Equal([1e-3, 1e-12], run.Reports.Where(r => r.Phase == TrainingPhase.Epoch).Select(r => Math.Round(r.LearningRate!.Value, 15)));
        // Adam's step is about the rate whatever the gradient, so a second epoch at 1e-12 leaves the first epoch's model.
        var largest = reference.LargestDifference(run, SmallNetworkRun.TestImages(dataset, 64), 64);
        Assert.True(largest < 1e-5, $"largest probability difference {largest:E2}");
    }
}
