using ExplainHub.Engine.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Explain;

/// <summary>Seed 004 §4.3's layer maps: the first two convolutions' activations, checked against the same layers applied by hand.</summary>
[Collection(NativeCollection.Name)]
public sealed class FeatureMapTests
{
    [Fact]
    public void SeedCnn_FirstLayer_IsReluOfTheConvolutionOfTheStandardisedImage_AndTheSecondReadsThePooledFirst()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 12, 12, 2);
        net.SetInputNormalization([0.3f], [0.2f]);
        var image = Enumerable.Range(0, 144).Select(i => ((i * 37) % 101) / 100f).ToArray();

        var maps = net.FeatureMaps(image);

        Assert.Equal(["conv1", "conv2"], maps.Select(m => m.Layer));
        Assert.Equal((32, 10, 10), (maps[0].Channels, maps[0].Height, maps[0].Width));
        Assert.Equal((64, 3, 3), (maps[1].Channels, maps[1].Height, maps[1].Width));
        using var scope = NewDisposeScope();
        var p = Parameters(net);
        var x = (tensor(image).reshape(1, 1, 12, 12) - 0.3f) / 0.2f;
        var first = nn.functional.relu(nn.functional.conv2d(x, p["conv1.weight"], p["conv1.bias"]));
        var second = nn.functional.relu(nn.functional.conv2d(nn.functional.max_pool2d(first, 2), p["conv2.weight"], p["conv2.bias"]));
        AssertClose(first, maps[0].Values);
        AssertClose(second, maps[1].Values);
        Assert.Contains(maps[0].Values, v => v > 0);
    }

    [Fact]
    public void Vgg_Activations_AreTakenAfterEachConvolutionsBatchNorm_WithItsRunningStatistics()
    {
        using var net = TorchNetwork.Create("vgg13-bn", 1, 32, 32, 3);
        net.UseAdam(1e-3);
        var images = Enumerable.Range(0, 4 * 1024).Select(i => ((i * 13) % 97) / 96f).ToArray();
        net.TrainStep(images, [0, 1, 2, 0]); // moves the running statistics off 0 and 1, so batch norm is not a no-op

        var maps = net.FeatureMaps(images.AsSpan(0, 1024));

        Assert.Equal(["block1.0", "block1.3"], maps.Select(m => m.Layer));
        Assert.All(maps, m => Assert.Equal((64, 32, 32), (m.Channels, m.Height, m.Width)));
        using var scope = NewDisposeScope();
        var p = Parameters(net);
        var x = tensor(images.AsSpan(0, 1024).ToArray()).reshape(1, 1, 32, 32);
        Tensor Layer(Tensor input, string conv, string norm) => nn.functional.relu(nn.functional.batch_norm(
            nn.functional.conv2d(input, p[$"{conv}.weight"], p[$"{conv}.bias"], padding: [1, 1]),
            p[$"{norm}.running_mean"], p[$"{norm}.running_var"], p[$"{norm}.weight"], p[$"{norm}.bias"], training: false, eps: 1e-5));
        var first = Layer(x, "block1.0", "block1.1");
        AssertClose(first, maps[0].Values);
        AssertClose(Layer(first, "block1.3", "block1.4"), maps[1].Values);
        Assert.All(maps.SelectMany(m => m.Values), v => Assert.True(v >= 0));
    }

    [Fact]
    public void AnImageOfTheWrongSize_IsRefused()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 12, 12, 2);

        var error = Assert.Throws<ArgumentException>(() => net.FeatureMaps(new float[143]));

        Assert.Contains("1×12×12 = 144 floats, got 143", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, Tensor> Parameters(TorchNetwork net) =>
        net.Module.named_parameters().Select(p => (p.name, (Tensor)p.parameter.detach()))
            .Concat(net.Module.named_buffers().Select(b => (b.name, b.buffer)))
            .ToDictionary(e => e.Item1, e => e.Item2);

    private static void AssertClose(Tensor expected, float[] actual)
    {
        var values = expected.data<float>().ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - actual[i]) <= 1e-4 * (1 + Math.Abs(values[i])), $"value {i}: expected {values[i]}, got {actual[i]}");
        }
    }
}
