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
        using var whole = SmallNetworkRun.Train(dataset, request);
        Assert.Equal(request.Epochs, whole.Outcome.EpochsCompleted);

        // The interrupted run: cancelled from its own progress callback as epoch 2 ends, so it stops at a known place.
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-interrupted"));
        using (var stopped = SmallNetworkRun.Train(dataset, request, checkpoints, cancelAfterEpoch: 2))
        {
            Assert.Equal(2, stopped.Outcome.EpochsCompleted);
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
        var scaled = SmallNetworkRun.TestImages(dataset, 64);
        var expected = whole.Model.PredictProbabilities(scaled, 64);
        var largest = actual.Predictions.SelectMany((p, i) => p.Probabilities.Select((v, c) => Math.Abs(v - expected[(i * 2) + c]))).Max();
        Assert.True(largest < 1e-5, $"largest probability difference {largest:E2}");
    }

    [Fact]
    public async Task ACheckpointWithEveryEpochDone_WhoseModelWasNeverStored_IsResumedIntoThatModel()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        var request = new TrainRequest(dataset.Info.Id, Epochs: 2, BatchSize: 32, Seed: 5);
        // The trainer alone: it checkpoints every epoch, and nothing stores its model (as when saving it failed).
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-unsaved"));
        using var run = SmallNetworkRun.Train(dataset, request, checkpoints);

        using var restarted = new EmbeddedEngine(new EngineOptions { DataDirectory = interrupted.DataDirectory });
        restarted.RegisterDataset(dataset);
        Assert.Equal(2, Assert.Single(await restarted.ListCheckpointsAsync()).EpochsDone);
        var resumed = await restarted.ResumeTrainingAsync("job-unsaved");
        await foreach (var _ in restarted.WatchJobAsync(resumed.Id))
        {
        }

        var done = await restarted.GetJobAsync(resumed.Id);
        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}");
        Assert.Empty(await restarted.ListCheckpointsAsync());
        var stored = await restarted.PredictAsync(new PredictRequest(done.ModelId!, dataset.Info.Id, DatasetSplit.Test, [.. Enumerable.Range(0, 16)]));
        var expected = run.Model.PredictProbabilities(SmallNetworkRun.TestImages(dataset, 16), 16);
        Assert.Equal(expected, stored.Predictions.SelectMany(p => p.Probabilities), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public async Task ACheckpoint_IsResumedByOneJobAtATime_AndNotWhileItsRunGoesOn()
    {
        var engine = interrupted.Engine;
        var (dataset, _) = SyntheticData.BrightPatch(384, 64, side: 16, patch: 4);
        engine.RegisterDataset(dataset);
        var run = await engine.StartTrainingAsync(new TrainRequest(dataset.Info.Id, Epochs: 500, BatchSize: 32, Seed: 7));
        await Until(async () => (await engine.ListCheckpointsAsync()).Any(c => c.Id == run.Id), "the first checkpoint");

        var stillRunning = await Assert.ThrowsAsync<EngineException>(() => engine.ResumeTrainingAsync(run.Id));
        Assert.Equal(EngineErrorKind.InvalidRequest, stillRunning.Kind);
        await StopAsync(engine, run.Id);

        var first = await engine.ResumeTrainingAsync(run.Id);
        var twice = await Assert.ThrowsAsync<EngineException>(() => engine.ResumeTrainingAsync(run.Id));
        Assert.Contains($"already being resumed by job {first.Id}", twice.Message, StringComparison.Ordinal);
        await StopAsync(engine, first.Id);

        // Once that job has ended, the checkpoint can be resumed again.
        await StopAsync(engine, (await engine.ResumeTrainingAsync(run.Id)).Id);
    }

    private static async Task StopAsync(IEngine engine, string jobId)
    {
        await engine.CancelJobAsync(jobId);
        await Until(async () => (await engine.GetJobAsync(jobId)).State is JobState.Cancelled or JobState.Completed or JobState.Failed, $"job {jobId} to end");
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public void ACancelWhileAnEpochIsMeasured_KeepsThatEpoch_MeasuredAndCheckpointed()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        var request = new TrainRequest(dataset.Info.Id, Epochs: 3, BatchSize: 32, Seed: 5, EarlyStoppingPatience: 2);
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-measuring"));

        // Cancelled as epoch 2's last batch is done: its validation and test passes are still to run.
        using var run = SmallNetworkRun.Train(dataset, request, checkpoints, validation: dataset.Test, cancelBeforeEvaluatingEpoch: 2);

        Assert.True(run.Outcome.Cancelled);
        Assert.Equal(2, run.Outcome.EpochsCompleted);
        Assert.NotNull(run.Outcome.TestAccuracy);
        Assert.Equal([1, 2], run.Reports.Where(r => r.Phase == TrainingPhase.Epoch).Select(r => r.Epoch));
        Assert.Equal(2, checkpoints.Read()!.EpochsDone);
    }

    [Fact]
    public void ACancelWithinAnEpoch_KeepsTheLastWholeEpoch_TheWeightsItsAccuracyWasMeasuredOn()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        var request = new TrainRequest(dataset.Info.Id, Epochs: 3, BatchSize: 32, Seed: 5);
        var images = SmallNetworkRun.TestImages(dataset, 16);
        using var twoEpochs = SmallNetworkRun.Train(dataset, request with { Epochs = 2 });
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-within"));

        // Three of epoch 3's eight optimiser steps are taken when the cancel comes.
        using var run = SmallNetworkRun.Train(dataset, request, checkpoints, cancelAfterBatch: (3, 3));

        Assert.True(run.Outcome.Cancelled);
        Assert.Equal(2, run.Outcome.EpochsCompleted);
        Assert.Equal(run.Reports.Last(r => r.Phase == TrainingPhase.Epoch).TestAccuracy, run.Outcome.TestAccuracy);
        Assert.True(run.LargestDifference(twoEpochs, images, 16) < 1e-6, "the model is epoch 2's, as its checkpoint and accuracy");
    }

    [Fact]
    public void ARunWithEarlyStopping_ResumedAfterItsBestEpoch_StopsAndGoesBackWhereAnUninterruptedRunDoes()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        var request = new TrainRequest(dataset.Info.Id, Epochs: 12, BatchSize: 32, Seed: 5, EarlyStoppingPatience: 2);
        using var uninterrupted = SmallNetworkRun.Train(dataset, request, validation: dataset.Test);
        var wholeOutcome = uninterrupted.Outcome;
        // Validation accuracy saturates on this easy set, so the run stops patience epochs after its best one.
        Assert.True(wholeOutcome.EpochsCompleted < request.Epochs, "the uninterrupted run never stopped early; the test needs it to");
        var best = wholeOutcome.BestEpoch!.Value;
        var stoppedAt = wholeOutcome.EpochsCompleted;

        // Interrupted one epoch before the stop, so after the best epoch: only the checkpoint knows which one it was.
        var checkpoints = new TrainingCheckpoints(Path.Combine(interrupted.DataDirectory, "checkpoints", "job-stopping"));
        SmallNetworkRun.Train(dataset, request, checkpoints, cancelAfterEpoch: stoppedAt - 1, validation: dataset.Test).Dispose();
        var saved = checkpoints.Read()!;
        Assert.Equal(best, saved.EarlyStopping!.BestEpoch);
        Assert.InRange(saved.EarlyStopping.BestValidationAccuracy, 0.5, 1);

        using var resumed = SmallNetworkRun.Train(dataset, request, checkpoints, saved, validation: dataset.Test);
        Assert.Equal((best, stoppedAt), (resumed.Outcome.BestEpoch, saved.EpochsDone + resumed.Outcome.EpochsCompleted));
        var largest = uninterrupted.LargestDifference(resumed, SmallNetworkRun.TestImages(dataset, 64), 64);
        Assert.True(largest < 1e-5, $"largest probability difference {largest:E2}");
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
