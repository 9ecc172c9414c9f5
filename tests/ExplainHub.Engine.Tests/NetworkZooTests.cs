using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;

namespace ExplainHub.Engine.Tests;

/// <summary>The CNN zoo on TorchSharp: sizes against the published architectures, shapes, and that it learns.</summary>
[Collection(NativeCollection.Name)]
public sealed class NetworkZooTests
{
    [Theory]
    // CIFAR-style ResNets (3×3 stem, no max-pool), 3 channels, 10 classes: the counts of the usual PyTorch CIFAR ports.
    [InlineData("resnet18", 3, 32, 10, 11_173_962)]
    [InlineData("resnet34", 3, 32, 10, 21_282_122)]
    // torchvision's vgg16_bn / vgg13_bn convolutional parts (14,723,136 / 9,410,880) + our GAP head 512·10 + 10.
    [InlineData("vgg16-bn", 3, 96, 10, 14_723_136 + 5_130)]
    [InlineData("vgg13-bn", 3, 96, 10, 9_410_880 + 5_130)]
    // Above 64 px torchvision's stem: torchvision.models.resnet18() / resnet34() with their 1000 classes.
    [InlineData("resnet18", 3, 224, 1000, 11_689_512)]
    [InlineData("resnet34", 3, 224, 1000, 21_797_672)]
    public void ParameterCount_IsThePublishedArchitectures(string architecture, int channels, int side, int classes, long expected)
    {
        using var net = TorchNetwork.Create(architecture, channels, side, side, classes);
        Assert.Equal(expected, net.ParameterCount);
        Assert.Equal(512, net.FeatureCount);
    }

    [Fact]
    public void ResNet_StateNames_AreTorchvisionsStateDictNames()
    {
        using var net = TorchNetwork.Create("resnet18", 3, 224, 224, 1000);
        var names = net.State().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        string[] torchvision =
        [
            "conv1.weight", "bn1.weight", "bn1.running_mean", "layer1.0.conv1.weight", "layer1.1.bn2.running_var",
            "layer2.0.downsample.0.weight", "layer2.0.downsample.1.bias", "layer4.1.conv2.weight", "fc.weight", "fc.bias",
        ];
        Assert.All(torchvision, name => Assert.Contains(name, names));
        Assert.DoesNotContain("layer1.0.downsample.0.weight", names); // same shape in layer1: no projection, as torchvision
        // torchvision's resnet18 state_dict holds 102 float tensors (num_batches_tracked is int64); ours adds the input standardisation.
        Assert.Equal(102 + 2, names.Count);
    }

    [Fact]
    public void ResNet18_OnFer2013SizedImages_GivesADistributionOverSevenClasses_AndAMapAtInputSize()
    {
        using var net = TorchNetwork.Create("resnet18", 1, 48, 48, 7);
        var images = Pattern(2 * 48 * 48);

        var probabilities = net.Predict(images);
        Assert.Equal(2 * 7, probabilities.Length);
        Assert.Equal(1.0, probabilities.Take(7).Sum(), 4);

        var cam = net.Cam(images, [-1, 3]);
        Assert.Equal((48, 48), (cam.Height, cam.Width));
        Assert.Equal(3, cam.Targets[1]);
    }

    [Theory]
    [InlineData("resnet18", 1, 28)]
    [InlineData("vgg13-bn", 3, 32)]
    public void AFewSgdSteps_ReduceTheLossOnAFixedBatch(string architecture, int channels, int side)
    {
        TorchRuntime.Configure(0, 5);
        using var net = TorchNetwork.Create(architecture, channels, side, side, 4);
        net.UseSgd(0.05, 0.9);
        var images = Pattern(8 * channels * side * side);
        long[] labels = [0, 1, 2, 3, 0, 1, 2, 3];

        var first = net.TrainStep(images, labels).Loss;
        var last = first;
        for (var step = 0; step < 8; step++)
        {
            last = net.TrainStep(images, labels).Loss;
        }

        Assert.True(last < first * 0.8, $"loss {first:F3} → {last:F3}");
    }

    [Fact]
    public void Vgg_OnImagesSmallerThanItsFivePoolsNeed_IsRefusedWithTheSmallestSize()
    {
        var ex = Assert.Throws<NetworkException>(() => TorchNetwork.Create("vgg16-bn", 1, 28, 28, 10));
        Assert.Contains("at least 32×32", ex.Message, StringComparison.Ordinal);
    }

    private static float[] Pattern(int length)
    {
        var random = new Random(4);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return values;
    }
}
