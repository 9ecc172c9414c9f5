using ExplainHub.Engine.Data;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>Early stopping on labels that carry no signal: validation never keeps improving, so the run stops and keeps its best epoch.</summary>
[Collection(NativeCollection.Name)]
public sealed class EarlyStoppingTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task ARunWithoutSignal_StopsPatienceEpochsAfterItsBest_AndKeepsTheBestWeights()
    {
        var dataset = RandomLabels(600, 100);
        fixture.Engine.RegisterDataset(dataset);
        var epochs = new List<TrainingProgress>();
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 30, Seed: 2, EarlyStoppingPatience: 2, ValidationFraction: 0.2),
            new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Phase == TrainingPhase.Epoch)
                {
                    epochs.Add(p);
                }
            }));

        Assert.Equal(JobState.Completed, job.State);
        Assert.All(epochs, e => Assert.NotNull(e.ValidationAccuracy));
        var best = epochs.MaxBy(e => e.ValidationAccuracy)!;
        var firstBest = epochs.First(e => e.ValidationAccuracy == best.ValidationAccuracy);
        Assert.True(epochs.Count < 30, "random labels cannot keep improving validation accuracy for 30 epochs");
        Assert.Equal(firstBest.Epoch + 2, epochs[^1].Epoch);

        // The kept model is the best epoch's: its test accuracy is the one measured then.
        var model = (await fixture.Engine.ListModelsAsync()).Single(m => m.Id == job.ModelId);
        Assert.Equal(firstBest.TestAccuracy, epochs[^1].TestAccuracy);
        Assert.Equal(firstBest.TestAccuracy, model.TestAccuracy);
    }

    [Fact]
    public void HoldOut_TakesTheLastFractionOfEachClass()
    {
        var labels = new[] { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 };
        var set = new ImageSet(1, labels.Select((_, i) => (byte)i).ToArray(), labels);

        var (kept, held) = set.HoldOut(0.2, 2);

        Assert.Equal([8, 9], held.Pixels);
        Assert.Equal(8, kept.Count);
    }

    private static InMemoryDataset RandomLabels(int train, int test)
    {
        var random = new Random(5);
        byte[] Pixels(int count) => Enumerable.Range(0, count * 16 * 16).Select(_ => (byte)random.Next(256)).ToArray();
        int[] Labels(int count) => Enumerable.Range(0, count).Select(_ => random.Next(2)).ToArray();
        return new InMemoryDataset("noise", "noise", 1, 16, 16, ["a", "b"], Pixels(train), Labels(train), Pixels(test), Labels(test));
    }
}
