using ExplainHub.Engine.Networks;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class ChannelsLastTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ImagesLaidOutChannelsLast_HoldTheSameValues_WithChannelStrideOne(int channels)
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 2 * channels * 5 * 4).Select(i => (float)i).ToArray();
        var images = TensorData.ImagesChannelsLast(values, 2, channels, 5, 4);
        Assert.Equal([2L, channels, 5, 4], images.shape);
        Assert.Equal([5L * 4 * channels, 1, 4L * channels, channels], images.stride());
        Assert.Equal(values, TensorData.ToFloats(images));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void APartOfABatch_LaidOutChannelsLast_HoldsThatPartsImages(int channels)
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 5 * channels * 3 * 2).Select(i => (float)i).ToArray();
        var batch = TensorData.From(values, 5, channels, 3, 2);
        var part = TensorData.ChannelsLast(batch.narrow(0, 2, 3));
        Assert.Equal(values[(2 * channels * 6)..], TensorData.ToFloats(part));
    }

    [Fact]
    public void ProbabilitiesOfMoreImagesThanOneCallTakes_AreEachImagesOwn()
    {
        using var scope = NewDisposeScope();
        using var network = TorchNetwork.Create(ModelKinds.SeedCnn, 1, 28, 28, 5);
        var model = new ExplainHub.Engine.Scores.ModelProbabilities(new ExplainHub.Engine.Models.ConvNetClassifier(Classical.ClassicalData.Info(ModelKinds.SeedCnn, 5), network));
        var random = new Random(9);
        var values = Enumerable.Range(0, 1500 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        var all = model.Of(TensorData.From(values, 1500, 1, 28, 28)); // more than one call's worth
        var last = network.Predict(values.AsSpan(1400 * 784));
        for (var i = 0; i < last.Length; i++)
        {
            Assert.Equal(last[i], all[(1400 * 5) + i], 1e-5);
        }
    }

    [Theory]
    [InlineData(ModelKinds.SeedCnn, 1, 28)]
    [InlineData(ModelKinds.ResNet18, 3, 32)]
    public void PredictingATensor_GivesWhatPredictingItsValuesGives(string kind, int channels, int side)
    {
        using var scope = NewDisposeScope();
        using var network = TorchNetwork.Create(kind, channels, side, side, 5);
        var random = new Random(4);
        var values = Enumerable.Range(0, 3 * channels * side * side).Select(_ => (float)random.NextDouble()).ToArray();
        var fromValues = network.Predict(values);
        var fromTensor = network.Predict(TensorData.From(values, 3, channels, side, side));
        for (var i = 0; i < fromValues.Length; i++)
        {
            Assert.Equal(fromValues[i], fromTensor[i], 1e-6);
        }

        Assert.Throws<NetworkException>(() => network.Predict(zeros(3, channels, side + 1, side)));
    }
}
