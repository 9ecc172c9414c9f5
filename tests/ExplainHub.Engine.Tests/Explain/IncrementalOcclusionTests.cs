using ExplainHub.Engine.Explain;
using ExplainHub.Engine.Networks;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Explain;

/// <summary>
/// Occluded copies computed window by window equal the same copies made whole and sent through the network, for
/// every kind of layer the zoo has: plain and batch-normalised convolutions, strided ones, max-pools with and
/// without padding, residual sums with identity and projected shortcuts, patches at the borders.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class IncrementalOcclusionTests
{
    private const int Classes = 5;

    [Theory]
    [InlineData("seed-cnn", 1, 28, 8, 4)]
    [InlineData("seed-cnn", 1, 28, 5, 3)]
    [InlineData("five-conv-cnn", 1, 32, 6, 5)]
    [InlineData("resnet18", 1, 48, 8, 4)] // CIFAR stem: stride-1 convs, then strided blocks with 1×1 projections
    [InlineData("resnet18", 3, 72, 10, 7)] // torchvision's stem: 7×7 stride 2 and a padded 3×3 max-pool
    [InlineData("vgg13-bn", 3, 32, 7, 5)]
    public void OccludedProbabilities_EqualTheWholeCopiesThroughTheNetwork(string architecture, int channels, int side, int patch, int stride)
    {
        using var net = Network(architecture, channels, side, seed: side + patch);
        var image = RandomImage(channels, side, seed: patch);
        var rows = Occlusion.Positions(side, patch, stride);
        var corners = rows.SelectMany(top => rows.Select(left => (Top: top, Left: left))).ToArray();
        const float fill = 0.5f;

        var whole = net.Predict(Occluded(image, channels, side, corners, patch, fill));
        Assert.True(net.OccludesIncrementally);
        var windowed = net.OccludedProbabilities(image, [.. corners.Select(c => c.Top)], [.. corners.Select(c => c.Left)], patch, fill);

        Assert.Equal(whole.Length, windowed.Length);
        var largest = whole.Zip(windowed, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-4, $"{architecture}: windowed probabilities differ from whole copies' by up to {largest}");

        // The patches must matter, or equality would say nothing: some class's probability spreads over the copies.
        var spread = Enumerable.Range(0, Classes)
            .Max(c => Enumerable.Range(0, corners.Length).Max(j => whole[(j * Classes) + c]) - Enumerable.Range(0, corners.Length).Min(j => whole[(j * Classes) + c]));
        Assert.True(spread > 100 * Math.Max(largest, 1e-7), $"{architecture}: the patches moved the probabilities by only {spread}");
    }

    [Fact]
    public void AnOccludedCall_LeavesNoTensorAlive()
    {
        using var net = Network("resnet18", 1, 48, seed: 2);
        var image = RandomImage(1, 48, seed: 2);
        net.OccludedProbabilities(image, [0, 40], [0, 20], 8, 0.5f);
        var statistics = TorchSharp.DisposeScopeManager.Statistics;
        statistics.Reset();
        net.OccludedProbabilities(image, [0, 40, 12], [0, 20, 33], 8, 0.5f);
        Assert.True(statistics.CreatedInScopeCount > 20, $"only {statistics.CreatedInScopeCount} tensors counted");
        Assert.Equal(statistics.CreatedInScopeCount, statistics.DisposedInScopeCount);
        Assert.Equal(0, statistics.CreatedOutsideScopeCount);
        Assert.Equal(0, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void PatchesOutsideTheImage_AndNetworksWithAGlobalFront_AreRefusedInWords()
    {
        using var net = Network("seed-cnn", 1, 28, seed: 1);
        var image = RandomImage(1, 28, seed: 1);
        var outside = Assert.Throws<NetworkException>(() => net.OccludedProbabilities(image, [24], [0], 8, 0.5f));
        Assert.Contains("inside the 28×28 image", outside.Message, StringComparison.Ordinal);
        Assert.Throws<NetworkException>(() => net.OccludedProbabilities(image, [0, 4], [0], 8, 0.5f));

        // An autoencoder in front mixes every pixel into every other: no patch stays local.
        using var perturbed = TorchNetwork.CreatePerturbed("seed-cnn", [8, 16], 1, 28, 28, Classes);
        Assert.False(perturbed.OccludesIncrementally);
        var refused = Assert.Throws<NetworkException>(() => perturbed.OccludedProbabilities(image, [0], [0], 8, 0.5f));
        Assert.Contains("not read pixel by pixel", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A fresh network with a standardisation, batch-norm statistics and a head that are not neutral.</summary>
    private static TorchNetwork Network(string architecture, int channels, int side, int seed)
    {
        TorchSharp.torch.manual_seed(seed);
        var net = TorchNetwork.Create(architecture, channels, side, side, Classes);
        net.SetInputNormalization([.. Enumerable.Range(0, channels).Select(c => 0.3f + (0.1f * c))], [.. Enumerable.Range(0, channels).Select(c => 0.25f + (0.05f * c))]);
        using (no_grad())
        {
            foreach (var (name, buffer) in net.Module.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                {
                    buffer.uniform_(-0.3, 0.3);
                }
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                {
                    buffer.uniform_(0.5, 2.0);
                }
            }

            // A sharper head, so that a patch moves the probabilities visibly.
            net.Module.Head.weight!.mul_(20);
        }

        return net;
    }

    private static float[] RandomImage(int channels, int side, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, channels * side * side).Select(_ => (float)random.NextDouble())];
    }

    private static float[] Occluded(float[] image, int channels, int side, (int Top, int Left)[] corners, int patch, float fill)
    {
        var size = channels * side * side;
        var copies = new float[corners.Length * size];
        for (var j = 0; j < corners.Length; j++)
        {
            var copy = copies.AsSpan(j * size, size);
            image.CopyTo(copy);
            for (var c = 0; c < channels; c++)
            {
                for (var y = corners[j].Top; y < corners[j].Top + patch; y++)
                {
                    copy.Slice((c * side * side) + (y * side) + corners[j].Left, patch).Fill(fill);
                }
            }
        }

        return copies;
    }
}
