using ExplainHub.Engine.Data;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Training;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>
/// CNN+SVM and SVM+Mask on the bright-patch set (class 1 has a bright 4×4 patch somewhere on 16×16 noise): once the
/// network has learnt the patch, its features separate the classes and its CAM keeps the patch.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class HybridTests : IDisposable
{
    private const int Side = 16, Patch = 4;
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void CamMask_KeepsTheRhoPixelsWithTheHighestCam_InEveryChannel()
    {
        float[] images = [1, 2, 3, 4, 10, 20, 30, 40]; // one image, two channels of four pixels
        float[] cam = [0.1f, 0.9f, 0.5f, 0.9f];

        var masked = CamMask.Apply(images, cam, count: 1, channels: 2, pixels: 4, fraction: 0.5);

        Assert.Equal([0, 2, 0, 4, 0, 20, 0, 40], masked);
        Assert.Equal(1, CamMask.Kept(4, 0.01));
    }

    [Fact]
    public void SvmMask_KeepsThePatch_WhereTheNetworkLooks()
    {
        // CAM's grid is coarse (5×5 cells on 28×28 for the seed CNN), so this test uses CamTests' larger patch.
        const int side = 28, patch = 8;
        var (dataset, corners) = SyntheticData.BrightPatch(1000, 100, side, patch, seed: 2);
        using var network = TrainedNetwork(dataset, ModelKinds.SeedCnn, side);
        var family = new SvmMaskFamily(_ => network);
        var shape = new ImageShape(1, side, side);
        var samples = SampleMatrix.FromImages(dataset.Train, 2);
        using var model = (SvmMaskClassifier)family.Fit(ClassicalData.Info(ModelKinds.SvmMask, 2), shape, samples,
            new ClassicalOptions(SourceModelId: "cnn", MaskFraction: (double)(patch * patch) / (side * side)), FitMonitor.None);

        var test = SampleMatrix.FromImages(dataset.Test, 2);
        var masked = model.Masked(test.Values, test.Count);
        var withPatch = Enumerable.Range(0, test.Count).Where(i => corners[i].Row >= 0).ToArray();
        var inside = 0;
        var kept = 0;
        foreach (var i in withPatch)
        {
            for (var p = 0; p < side * side; p++)
            {
                if (masked[(i * side * side) + p] == 0)
                {
                    continue;
                }

                kept++;
                var (row, col) = (p / side, p % side);
                inside += row >= corners[i].Row && row < corners[i].Row + patch && col >= corners[i].Col && col < corners[i].Col + patch ? 1 : 0;
            }
        }

        // By chance 64 of 784 pixels (8 %) would lie in the patch.
        Assert.True(inside >= 0.5 * kept, $"{inside} of {kept} kept pixels lie in the patch");
        Assert.True(ClassicalData.Accuracy(model, test) >= 0.9, $"test accuracy {ClassicalData.Accuracy(model, test):P1}");
    }

    [Theory]
    [InlineData(ModelKinds.SeedCnn)]
    [InlineData(ModelKinds.FiveConvCnn)]
    public void CnnSvm_OnTheNetworksFeatures_ClassifiesAsWellAsTheNetwork(string networkKind)
    {
        var (dataset, _) = SyntheticData.BrightPatch(1000, 100, Side, Patch, seed: 3);
        using var network = TrainedNetwork(dataset, networkKind);
        var samples = SampleMatrix.FromImages(dataset.Train, 2);
        using var model = (CnnSvmClassifier)new CnnSvmFamily(_ => network).Fit(ClassicalData.Info(ModelKinds.CnnSvm, 2),
            new ImageShape(1, Side, Side), samples, new ClassicalOptions(SourceModelId: "cnn"), FitMonitor.None);

        var test = SampleMatrix.FromImages(dataset.Test, 2);
        var networkAccuracy = Evaluation.Accuracy(network, dataset.Test);
        Assert.True(networkAccuracy >= 0.9, $"the {networkKind} should have learnt the patch: {networkAccuracy:P1}");
        Assert.True(ClassicalData.Accuracy(model, test) >= networkAccuracy - 0.05, $"CNN+SVM {ClassicalData.Accuracy(model, test):P1} vs network {networkAccuracy:P1}");
        Assert.Equal(network.Network.FeatureCount, model.Svm.Dimension);
    }

    [Fact]
    public async Task Hybrids_TrainAsJobs_OnANetworkOfTheEngine_AndLoadOnTheirOwn()
    {
        var (dataset, _) = SyntheticData.BrightPatch(600, 100, Side, Patch, seed: 4);
        fixture.Engine.RegisterDataset(dataset);
        var cnn = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 5, Seed: 3));
        Assert.Equal(JobState.Completed, cnn.State);

        foreach (var kind in new[] { ModelKinds.CnnSvm, ModelKinds.SvmMask })
        {
            var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, kind, Classical: new ClassicalOptions(SourceModelId: cnn.ModelId)));
            Assert.True(job.State == JobState.Completed, $"{kind}: {job.State} {job.Error}");
            var request = new PredictRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, [0, 1, 2, 3]);
            var first = await fixture.Engine.PredictAsync(request);
            using var second = new EmbeddedEngine(new EngineOptions { DataDirectory = fixture.DataDirectory });
            second.RegisterDataset(dataset);
            Assert.Equal(first.Predictions.Select(p => p.Probabilities), (await second.PredictAsync(request)).Predictions.Select(p => p.Probabilities));
        }
    }

    [Fact]
    public async Task AHybridWithoutANetwork_IsRefusedBeforeAJobStarts_SayingWhatToTrainFirst()
    {
        var (dataset, _) = SyntheticData.BrightPatch(100, 20, Side, Patch);
        fixture.Engine.RegisterDataset(dataset);
        var svm = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm));

        var none = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(new TrainRequest(dataset.Info.Id, ModelKinds.CnnSvm)));
        Assert.Contains("train a network first (seed-cnn, five-conv-cnn", none.Message, StringComparison.Ordinal);

        var notNetwork = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(
            new TrainRequest(dataset.Info.Id, ModelKinds.SvmMask, Classical: new ClassicalOptions(SourceModelId: svm.ModelId))));
        Assert.Equal(EngineErrorKind.InvalidRequest, notNetwork.Kind);
        Assert.Contains("is not a network", notNetwork.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.StartTrainingAsync(
            new TrainRequest(dataset.Info.Id, ModelKinds.CnnSvm, Classical: new ClassicalOptions(SourceModelId: "m-gone"))));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
    }

    private static ConvNetClassifier TrainedNetwork(InMemoryDataset dataset, string kind, int side = Side)
    {
        TorchRuntime.Configure(0, 3);
        var info = new ModelInfo("cnn", "cnn", kind, dataset.Info.Id, dataset.Info.ClassNames, null, 0, DateTimeOffset.UtcNow);
        var network = ConvNetClassifier.Create(info, 1, side, side);
        new ConvNetTrainer().Train(network, dataset.Train, dataset.Test, new TrainRequest(dataset.Info.Id, kind, Epochs: 6, Seed: 3),
            "test", _ => { }, CancellationToken.None);
        return network;
    }
}
