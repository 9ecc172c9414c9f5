using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Models;
using ExplainHub.Engine.Models.Classical;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Classical;

/// <summary>
/// Internal representations on the block set (class c lights up its own block of pixels): every picture must point
/// at the block of its class.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class RepresentationTests : IDisposable
{
    private const int Classes = 3, Block = 6, Extra = 6;
    private static readonly ImageShape Shape = new(1, 4, 6);
    private readonly EngineFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Theory]
    [InlineData(ModelKinds.LinearSvm)]
    [InlineData(ModelKinds.PcaSvm)]
    public void ClassWeights_OfEachClass_PeakInsideItsOwnBlock(string kind)
    {
        var samples = ClassicalData.Blocks(300, Classes, Block, seed: 3, extraPixels: Extra);
        using var model = ClassicalFamilies.Find(kind)!.Fit(ClassicalData.Info(kind, Classes), Shape, samples,
            new ClassicalOptions(Components: 8), FitMonitor.None);

        var representation = InternalRepresentations.Of(model);

        Assert.Equal(RepresentationKinds.ClassWeights, representation.Kind);
        Assert.Equal((1, 4, 6), (representation.Channels, representation.Height, representation.Width));
        Assert.Equal(Classes, representation.Images.Count);
        for (var c = 0; c < Classes; c++)
        {
            var image = representation.Images[c];
            Assert.Equal(c, image.ClassIndex);
            Assert.NotNull(image.Bias);
            Assert.InRange(ArgMax(image.Values), c * Block, ((c + 1) * Block) - 1);
        }
    }

    [Fact]
    public void FeatureImportance_OfAForest_SumsToOne_AndSitsOnTheBlocks()
    {
        var samples = ClassicalData.Blocks(300, Classes, Block, seed: 4, extraPixels: Extra);
        using var model = new RandomForestFamily().Fit(ClassicalData.Info(ModelKinds.RandomForest, Classes), Shape, samples,
            new ClassicalOptions(Estimators: 20, MaxDepth: 4), FitMonitor.None);

        var image = Assert.Single(InternalRepresentations.Of(model).Images);

        Assert.Null(image.ClassIndex);
        Assert.Equal(1.0, image.Values.Sum(), 3);
        Assert.True(image.Values.Take(Classes * Block).Sum() > 0.9, "the noise pixels carry no information");
    }

    [Fact]
    public void KernelPca_GivesOnePreImagePerClass_BrightestInItsBlock()
    {
        var samples = ClassicalData.Blocks(150, Classes, Block, seed: 5, extraPixels: Extra);
        using var model = new KernelPcaSvmFamily().Fit(ClassicalData.Info(ModelKinds.KernelPcaSvm, Classes), Shape, samples,
            new ClassicalOptions(Kernel: "rbf", Components: 10), FitMonitor.None);

        var representation = InternalRepresentations.Of(model);

        Assert.Equal(RepresentationKinds.ClassPreImages, representation.Kind);
        for (var c = 0; c < Classes; c++)
        {
            Assert.InRange(ArgMax(representation.Images[c].Values), c * Block, ((c + 1) * Block) - 1);
        }
    }

    [Fact]
    public async Task OverTheEngine_ALinearSvmIsDrawn_AnRbfSvcIsRefusedWithWhatToDoInstead_AndACnnDrawsFeatureMaps()
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 40, side: 12, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var svm = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm));
        var cnn = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1));
        var svc = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.KernelSvm));

        var drawn = await fixture.Engine.RepresentAsync(new RepresentationRequest(svm.ModelId!));
        Assert.Equal(dataset.Info.ClassNames.Count, drawn.Images.Count);
        Assert.All(drawn.Images, i => Assert.Equal(144, i.Values.Length));

        var maps = await fixture.Engine.RepresentAsync(new RepresentationRequest(cnn.ModelId!));
        Assert.Equal(RepresentationKinds.FeatureMaps, maps.Kind);

        var refused = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.RepresentAsync(new RepresentationRequest(svc.ModelId!)));
        Assert.Equal(EngineErrorKind.InvalidRequest, refused.Kind);
        Assert.Contains("importance function", refused.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.RepresentAsync(new RepresentationRequest("m-nope")));
        Assert.Equal(EngineErrorKind.NotFound, missing.Kind);
    }

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
}
