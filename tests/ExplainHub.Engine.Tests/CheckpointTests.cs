using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>
/// A run cancelled after its second epoch, resumed by a freshly started engine (as after a crash or restart), ends
/// with the weights of the same run left alone: same seed, same batches, same augmentation draws, same optimiser.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private readonly EngineFixture interrupted = new();

    public void Dispose() => interrupted.Dispose();

    [Fact]
    public async Task CancelAfterTwoEpochs_RestartTheEngine_Resume_EndsWhereAnUninterruptedRunEnds()
    {
        var (dataset, _) = SyntheticData.BrightPatch(384, 64, side: 16, patch: 4);
        var request = new TrainRequest(dataset.Info.Id, Epochs: 4, BatchSize: 32, Seed: 7,
            Augment: new Augmentation(MaxShiftPixels: 2, HorizontalFlip: true), Schedule: LearningRateSchedule.Cosine);
        using var whole = Train(dataset, request, checkpoints: null, cancelAfterEpoch: null);

        // The interrupted run: cancelled from its own progress callback as epoch 2 ends, so it stops at a known place.
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-interrupted"));
        using (var stopped = Train(dataset, request, checkpoints, cancelAfterEpoch: 2))
        {
        }

        using var restarted = new EmbeddedEngine(new EngineOptions { DataDirectory = interrupted.DataDirectory });
        restarted.RegisterDataset(dataset);
        var checkpoint = Assert.Single(await restarted.ListCheckpointsAsync());
        Assert.Equal(("job-interrupted", 2), (checkpoint.Id, checkpoint.EpochsDone));
        Assert.Equal(request, checkpoint.Request);

        var resumed = await restarted.ResumeTrainingAsync(checkpoint.Id);
        var epochs = new List<int>();
        await foreach (var report in restarted.WatchJobAsync(resumed.Id))
        {
            if (report.Phase == TrainingPhase.Epoch)
            {
                epochs.Add(report.Epoch);
            }
        }

        var done = await restarted.GetJobAsync(resumed.Id);
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}");
        Assert.Equal([3, 4], epochs);
        Assert.Empty(await restarted.ListCheckpointsAsync());

        var images = Enumerable.Range(0, 64).ToArray();
        var actual = await restarted.PredictAsync(new PredictRequest(done.ModelId!, dataset.Info.Id, DatasetSplit.Test, images));
        var scaled = new float[64 * 16 * 16];
        for (var i = 0; i < 64; i++)
        {
            dataset.Test.CopyScaled(i, scaled.AsSpan(i * 256, 256));
        }

        var expected = whole.PredictProbabilities(scaled, 64);
        var largest = actual.Predictions.SelectMany((p, i) => p.Probabilities.Select((v, c) => Math.Abs(v - expected[(i * 2) + c]))).Max();
        Assert.True(largest < 1e-5, $"largest probability difference {largest:E2}");
    }

    private static ConvNetClassifier Train(InMemoryDataset dataset, TrainRequest request, TrainingCheckpoints? checkpoints, int? cancelAfterEpoch)
    {
        TorchRuntime.Configure(0, request.Seed);
        var info = new ModelInfo("m", "m", request.ModelKind, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var model = ConvNetClassifier.Create(info, 1, 16, 16);
        using var cancel = new CancellationTokenSource();
        var outcome = new ConvNetTrainer().Train(model, dataset.Train, dataset.Test, request, "job", p =>
        {
            if (p.Phase == TrainingPhase.Epoch && p.Epoch == cancelAfterEpoch)
            {
                cancel.Cancel();
            }
        }, cancel.Token, checkpoints);
        Assert.Equal(cancelAfterEpoch ?? request.Epochs, outcome.EpochsCompleted);
        return model;
    }

    [Fact]
    public async Task AnUnknownOrUnsafeCheckpointId_IsNotFound()
    {
        var missing = await Assert.ThrowsAsync<EngineException>(() => interrupted.Engine.ResumeTrainingAsync("job-nothing"));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
        var unsafeId = await Assert.ThrowsAsync<EngineException>(() => interrupted.Engine.ResumeTrainingAsync("../models"));
        Assert.Equal(EngineErrorKind.NotFound, unsafeId.Kind);
    }
}
