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
    [InlineData("seed-cnn", 1, 28, 28, 8, 4)]
    [InlineData("seed-cnn", 1, 28, 28, 5, 3)]
    [InlineData("seed-cnn", 1, 24, 36, 7, 4)] // not square: rows and columns must not be confused
    [InlineData("five-conv-cnn", 1, 32, 32, 6, 5)]
    [InlineData("five-conv-cnn", 1, 16, 16, 4, 3)] // the last map is 1×1
    [InlineData("resnet18", 1, 48, 48, 8, 4)] // CIFAR stem: stride-1 convs, then strided blocks with 1×1 projections
    [InlineData("resnet18", 3, 72, 72, 10, 7)] // torchvision's stem: 7×7 stride 2 and a padded 3×3 max-pool
    [InlineData("vgg13-bn", 3, 32, 40, 7, 5)]
    public void OccludedProbabilities_EqualTheWholeCopiesThroughTheNetwork(string architecture, int channels, int height, int width, int patch, int stride)
    {
        using var net = Network(architecture, channels, height, width, seed: height + patch);
        var image = RandomImage(channels, height * width, seed: patch);
        var corners = Occlusion.Positions(height, patch, stride)
            .SelectMany(top => Occlusion.Positions(width, patch, stride).Select(left => (Top: top, Left: left))).ToArray();
        const float fill = 0.5f;

        var whole = DirectlyConvolved(net, Occluded(image, channels, height, width, corners, patch, fill), channels * height * width);
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
    public void AnOcclusionWhoseCallerLeft_StopsBeforeItsWindows()
    {
        using var model = new ExplainHub.Engine.Models.ConvNetClassifier(Classical.ClassicalData.Info(ExplainHub.Shared.ModelKinds.SeedCnn, Classes), Network("seed-cnn", 1, 28, 28, seed: 3));
        Assert.True(model.Network.OccludesIncrementally);
        var settings = MethodSettings.Resolve(new Occlusion().Info, [new("patch", "2"), new("stride", "1")]);
        var input = ImportanceInput.Predicted(RandomImage(1, 28 * 28, seed: 3), 1) with { Cancellation = new CancellationToken(canceled: true) };
        Assert.Throws<OperationCanceledException>(() => new Occlusion().Explain(model, input, settings));
    }

    [Fact]
    public void AnOccludedCall_LeavesNoTensorAlive()
    {
        using var net = Network("resnet18", 1, 48, 48, seed: 2);
        var image = RandomImage(1, 48 * 48, seed: 2);
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
        using var net = Network("seed-cnn", 1, 28, 28, seed: 1);
        var image = RandomImage(1, 28 * 28, seed: 1);
        var outside = Assert.Throws<NetworkException>(() => net.OccludedProbabilities(image, [24], [0], 8, 0.5f));
        Assert.Contains("inside the 28×28 image", outside.Message, StringComparison.Ordinal);
        Assert.Throws<NetworkException>(() => net.OccludedProbabilities(image, [0, 4], [0], 8, 0.5f));

        // An autoencoder in front mixes every pixel into every other: no patch stays local.
        using var perturbed = TorchNetwork.CreatePerturbed("seed-cnn", [8, 16], 1, 28, 28, Classes);
        Assert.False(perturbed.OccludesIncrementally);
        var refused = Assert.Throws<NetworkException>(() => perturbed.OccludedProbabilities(image, [0], [0], 8, 0.5f));
        Assert.Contains("not read pixel by pixel", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkThatDescribesItsStepsWrongly_IsCaughtByTheUntouchedImage_AndItsCopiesAreClassifiedWhole()
    {
        using var net = new MisdescribedNetwork();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        net.eval();
        var image = tensor(RandomImage(1, 100, seed: 4), [1, 1, 10, 10]);
        int[] tops = [0, 3, 6], lefts = [6, 0, 3];

        var occluded = IncrementalOcclusion.Probabilities(net, image, tops, lefts, 4, 0.5f);
        var whole = IncrementalOcclusion.WholeCopies(net, image, tops, lefts, 4, 0.5f);

        // The walk leaves out the ReLU, so its windows would be wrong; the untouched image shows it first.
        Assert.True(occluded.allclose(whole, rtol: 0, atol: 1e-6));
    }

    /// <summary>Conv → ReLU, but it tells the step-wise methods it is a conv alone.</summary>
    private sealed class MisdescribedNetwork : GapNetwork
    {
        private readonly TorchSharp.Modules.Conv2d conv;
        private readonly TorchSharp.Modules.Linear head;

        public MisdescribedNetwork()
            : base(nameof(MisdescribedNetwork), 1)
        {
            manual_seed(5);
            conv = nn.Conv2d(1, 6, 3, padding: 1);
            head = nn.Linear(6, Classes);
            register_module("conv", conv);
            register_module("head", head);
            using (no_grad())
            {
                conv.bias!.sub_(0.3); // some units below zero, so the missing ReLU matters
                head.weight!.mul_(10);
            }
        }

        public override TorchSharp.Modules.Linear Head => head;

        public override IReadOnlyList<NetworkStage> Stages => field ??= [new("conv", x => conv.call(x).relu(), new(1, 0))];

        public override IReadOnlyList<ExcitationStep>? ExcitationSteps(int stage) => [new ConvolutionStep(conv)];

        public override int MinInputSize => 3;
    }

    /// <summary>A fresh network with a standardisation, batch-norm statistics and a head that are not neutral.</summary>
    // The copies in batches of 8, which keep the direct convolutions the windows use (batches of 16 and more may take
    // NnpackConvolution, whose rounding would drown VGG's small spread): only the windowing is under test here.
    private static float[] DirectlyConvolved(TorchNetwork net, float[] copies, int size)
    {
        const int batch = 8;
        var probabilities = new List<float>();
        for (var start = 0; start < copies.Length; start += batch * size)
        {
            probabilities.AddRange(net.Predict(copies.AsSpan(start, Math.Min(batch * size, copies.Length - start))));
        }

        return [.. probabilities];
    }

    private static TorchNetwork Network(string architecture, int channels, int height, int width, int seed)
    {
        TorchSharp.torch.manual_seed(seed);
        var net = TorchNetwork.Create(architecture, channels, height, width, Classes);
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

    private static float[] RandomImage(int channels, int pixels, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, channels * pixels).Select(_ => (float)random.NextDouble())];
    }

    private static float[] Occluded(float[] image, int channels, int height, int width, (int Top, int Left)[] corners, int patch, float fill)
    {
        var size = channels * height * width;
        var copies = new float[corners.Length * size];
        for (var j = 0; j < corners.Length; j++)
        {
            var copy = copies.AsSpan(j * size, size);
            image.CopyTo(copy);
            for (var c = 0; c < channels; c++)
            {
                for (var y = corners[j].Top; y < corners[j].Top + patch; y++)
                {
                    copy.Slice((c * height * width) + (y * width) + corners[j].Left, patch).Fill(fill);
                }
            }
        }

        return copies;
    }
}
