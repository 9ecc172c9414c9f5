using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class EngineRequestValidationTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task UnknownDataset_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(new TrainRequest("no-such-set")));
        Assert.Equal(EngineErrorKind.NotFound, ex.Kind);
        Assert.Contains("no-such-set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatchLargerThanOneBufferHolds_IsRefusedSayingTheLargestThatFits()
    {
        // 4,096 images of 3×512×512: 3.2 billion values, past what one array holds (and past int).
        var images = new Data.ImageSet(3 * 512 * 512, new byte[3 * 512 * 512], [0]);

        var error = Assert.Throws<EngineException>(() => new Training.BatchAssembler(images, 4096));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("at most 2,730", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            fixture.Engine.PredictAsync(new PredictRequest("m-nope", "fashion-mnist", DatasetSplit.Test, [0])));
        Assert.Equal(EngineErrorKind.NotFound, ex.Kind);
    }

    [Theory]
    [InlineData(0, 64, 1e-3)]
    [InlineData(1, 0, 1e-3)]
    [InlineData(1, 64, 0)]
    [InlineData(1, 64, double.NaN)]
    public async Task NonsensicalTrainingSettings_AreInvalidRequests(int epochs, int batch, double lr)
    {
        var (dataset, _) = SyntheticData.BrightPatch(20, 4);
        fixture.Engine.RegisterDataset(dataset);
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            fixture.Engine.StartTrainingAsync(new TrainRequest(dataset.Info.Id, Epochs: epochs, BatchSize: batch, LearningRate: lr)));
        Assert.Equal(EngineErrorKind.InvalidRequest, ex.Kind);
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0)]
    [InlineData(5, 1.5)]
    public async Task AStepScheduleWithoutAStepOrFactor_IsAnInvalidRequest(int stepEpochs, double factor)
    {
        var (dataset, _) = SyntheticData.BrightPatch(20, 4);
        fixture.Engine.RegisterDataset(dataset);
        var ex = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(
            new TrainRequest(dataset.Info.Id, Schedule: LearningRateSchedule.Step, StepEpochs: stepEpochs, StepFactor: factor)));
        Assert.Equal(EngineErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("step schedule", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageIndexOutsideTheSplit_IsAnInvalidRequest()
    {
        var (dataset, _) = SyntheticData.BrightPatch(20, 4);
        fixture.Engine.RegisterDataset(dataset);
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            fixture.Engine.GetImagesAsync(new ImagesRequest(dataset.Info.Id, DatasetSplit.Test, [4])));
        Assert.Equal(EngineErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("0..3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelAndDatasetOfDifferentShapes_AreRefused()
    {
        var (small, _) = SyntheticData.BrightPatch(40, 4, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(small);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(small.Info.Id, Epochs: 1));
        var (large, _) = SyntheticData.BrightPatch(40, 4, side: 20, patch: 4);
        var renamed = new Data.InMemoryDataset("large", "Large", 1, 20, 20, large.Info.ClassNames,
            large.Train.Pixels, large.Train.Labels, large.Test.Pixels, large.Test.Labels);
        fixture.Engine.RegisterDataset(renamed);
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            fixture.Engine.ExplainAsync(new ExplainRequest(job.ModelId!, "large", DatasetSplit.Test, [0])));
        Assert.Equal(EngineErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("1×16×16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetWithLabelsOutsideItsClasses_IsRefusedWhenBuilt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Data.InMemoryDataset("bad", "Bad", 1, 2, 2, ["a", "b"],
            new byte[8], [0, 2], new byte[4], [1]));
        Assert.Contains("label 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_ReportsTheDeviceAndTheThreadsInUse()
    {
        var info = await fixture.Engine.GetInfoAsync();
        Assert.Equal(Environment.ProcessorCount, info.Threads);
        Assert.Contains(ExplanationMethods.Cam, info.ExplanationMethods);
    }
}
