using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>The zoo's networks train as jobs like the seed CNN: with SGD and momentum, saved, and explained by CAM.</summary>
[Collection(NativeCollection.Name)]
public sealed class ZooTrainingTests : IDisposable
{
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task ResNet18_TrainsWithSgd_AndItsCamHasTheInputsSize()
    {
        var (dataset, _) = SyntheticData.BrightPatch(256, 64, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.ResNet18, Epochs: 2, BatchSize: 32,
            LearningRate: 0.01, Optimizer: OptimizerKind.Sgd, Momentum: 0.9, WeightDecay: 5e-4));

        Assert.True(job.State == JobState.Completed, $"{job.State}: {job.Error}");
        var model = (await fixture.Engine.ListModelsAsync()).Single(m => m.Id == job.ModelId);
        Assert.Equal(ModelKinds.ResNet18, model.Kind);
        Assert.True(model.ParameterCount > 11_000_000, $"{model.ParameterCount} parameters");
        var explained = await fixture.Engine.ExplainAsync(new ExplainRequest(model.Id, dataset.Info.Id, DatasetSplit.Test, [1]));
        Assert.Equal((16, 16), (explained.Explanations[0].Height, explained.Explanations[0].Width));
    }

    [Fact]
    public async Task MomentumOutsideItsRange_IsRefusedBeforeAJobStarts()
    {
        var (dataset, _) = SyntheticData.BrightPatch(20, 10, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var error = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(
            new TrainRequest(dataset.Info.Id, ModelKinds.ResNet18, Optimizer: OptimizerKind.Sgd, Momentum: 1.5)));
        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("Momentum must be in [0, 1)", error.Message, StringComparison.Ordinal);
    }
}
