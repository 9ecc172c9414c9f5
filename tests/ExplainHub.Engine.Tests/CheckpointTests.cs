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
    public void ARunWithEarlyStopping_ResumedAfterItsBestEpoch_StopsAndGoesBackWhereAnUninterruptedRunDoes()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        var request = new TrainRequest(dataset.Info.Id, Epochs: 12, BatchSize: 32, Seed: 5, EarlyStoppingPatience: 2);
        var (whole, wholeOutcome) = TrainWithValidation(dataset, request, checkpoints: null, resumeFrom: null, cancelAfterEpoch: null);
        using var uninterrupted = whole;
        // Validation accuracy saturates on this easy set, so the run stops patience epochs after its best one.
        Assert.True(wholeOutcome.EpochsCompleted < request.Epochs, "the uninterrupted run never stopped early; the test needs it to");
        var best = wholeOutcome.BestEpoch!.Value;
        var stoppedAt = wholeOutcome.EpochsCompleted;

        // Interrupted one epoch before the stop, so after the best epoch: only the checkpoint knows which one it was.
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-stopping"));
        var (first, _) = TrainWithValidation(dataset, request, checkpoints, resumeFrom: null, cancelAfterEpoch: stoppedAt - 1);
        first.Dispose();
        var saved = checkpoints.Read()!;
        Assert.Equal(best, saved.EarlyStopping!.BestEpoch);
        Assert.InRange(saved.EarlyStopping.BestValidationAccuracy, 0.5, 1);

        var (resumed, resumedOutcome) = TrainWithValidation(dataset, request, checkpoints, saved, cancelAfterEpoch: null);
        using var _ = resumed;
        Assert.Equal((best, stoppedAt), (resumedOutcome.BestEpoch, saved.EpochsDone + resumedOutcome.EpochsCompleted));
        var scaled = new float[64 * 16 * 16];
        for (var i = 0; i < 64; i++)
        {
            dataset.Test.CopyScaled(i, scaled.AsSpan(i * 256, 256));
        }

        var expected = uninterrupted.PredictProbabilities(scaled, 64);
        var actual = resumed.PredictProbabilities(scaled, 64);
        var largest = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(largest < 1e-5, $"largest probability difference {largest:E2}");
    }

    private static (ConvNetClassifier Model, TrainingOutcome Outcome) TrainWithValidation(InMemoryDataset dataset, TrainRequest request,
        TrainingCheckpoints? checkpoints, CheckpointInfo? resumeFrom, int? cancelAfterEpoch)
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
        }, cancel.Token, checkpoints, resumeFrom, validation: dataset.Test);
        return (model, outcome);
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
