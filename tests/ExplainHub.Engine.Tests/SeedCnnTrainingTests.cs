using ExplainHub.Engine.Data;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class SeedCnnTrainingTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task SeedRecipe_TenEpochsOn3000FashionMnistImages_ReachesAtLeast60PercentTestAccuracy()
    {
        var progress = new List<TrainingProgress>();
        var job = await fixture.Engine.TrainAsync(
            new TrainRequest(FashionMnistImporter.DatasetId, Epochs: 10, TrainSubset: 3000, TestSubset: 2000, Seed: 0),
            new SynchronousProgress<TrainingProgress>(progress.Add));

        Assert.Equal(JobState.Completed, job.State);
        Assert.NotNull(job.ModelId);
        var epochs = progress.Where(p => p.Phase == TrainingPhase.Epoch).ToList();
        Assert.Equal(Enumerable.Range(1, 10), epochs.Select(p => p.Epoch));
        Assert.True(epochs[^1].Loss < epochs[0].Loss, "training loss should fall over ten epochs");
        var model = (await fixture.Engine.ListModelsAsync()).Single(m => m.Id == job.ModelId);
        Assert.True(model.TestAccuracy >= 0.60, $"test accuracy {model.TestAccuracy:P1} (PyTorch reference ≈ 70%, chance 10%)");
        Assert.Equal(TrainingPhase.Finished, progress[^1].Phase);
    }

    [Fact]
    public async Task CancellingAJob_StopsItWithinABatch_AndItEndsCancelled()
    {
        var (dataset, _) = SyntheticData.BrightPatch(4000, 100);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.StartTrainingAsync(new TrainRequest(dataset.Info.Id, Epochs: 50, BatchSize: 16));
        await foreach (var p in fixture.Engine.WatchJobAsync(job.Id))
        {
            if (p.Phase == TrainingPhase.Batch)
            {
                await fixture.Engine.CancelJobAsync(job.Id);
            }
        }

        var final = await fixture.Engine.GetJobAsync(job.Id);
        Assert.Equal(JobState.Cancelled, final.State);
        Assert.True(final.Latest!.Epoch <= 2, $"kept training until epoch {final.Latest.Epoch}");
    }

    [Fact]
    public async Task TrainedModel_IsSavedAndServedByANewEngineOnTheSameDataDirectory()
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 20);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1));
        var request = new PredictRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, [0, 1, 2]);
        var first = await fixture.Engine.PredictAsync(request);

        using var second = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory });
        second.RegisterDataset(dataset);
        var again = await second.PredictAsync(request);
        Assert.Equal(first.Predictions.Select(p => p.Probabilities), again.Predictions.Select(p => p.Probabilities));
        Assert.All(again.Predictions, p => Assert.Equal(1.0, p.Probabilities.Sum(), 4));
    }
}
