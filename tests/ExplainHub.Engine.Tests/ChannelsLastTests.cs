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
