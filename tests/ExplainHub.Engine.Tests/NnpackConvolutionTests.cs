using System.Runtime.Intrinsics.X86;
using ExplainHub.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests;

/// <summary>
/// The NNPACK path against libtorch's own (oneDNN) convolution: same values within NNPACK's rounding, the same
/// input gradient, weight gradients left to the module, and whole networks that answer as before.
/// </summary>
[Collection(NativeCollection.Name)]
public sealed class NnpackConvolutionTests
{
    private const long Batch = 16;

    // As the engine does before anything else: libtorch must not load before the allocator and OpenMP settings.
    public NnpackConvolutionTests() => TorchRuntime.EnsureStarted();

    [Fact]
    public void OnAvx2MachinesWithoutAvx512_NnpackIsWantedAndAvailable()
    {
        TorchRuntime.EnsureStarted();
        var expected = Environment.GetEnvironmentVariable(NnpackConvolution.Variable) != "0" && Avx2.IsSupported && !Avx512F.IsSupported;
        Assert.Equal(expected, NnpackConvolution.Wanted);
        if (expected)
        {
            Assert.True(NnpackConvolution.Available, "libtorch's NNPACK did not initialise on a CPU with AVX2");
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void AQualifyingConvolution_GivesTheModulesOwnValues(long padding, bool bias)
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(32, 48, 3, padding: padding, bias: bias);
        var input = randn(Batch, 32, 11, 13, generator: new Generator(7));
        using var noGrad = no_grad();
        Assert.Equal(NnpackConvolution.Wanted, NnpackConvolution.Takes(conv, input));
        var expected = conv.call(input);
        var actual = NnpackConvolution.Apply(conv, input);
        Assert.Equal(expected.shape, actual.shape);
        AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ThroughFrozenWeights_TheInputGradientIsAutogradsThroughTheModule(long padding)
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(16, 24, 3, padding: padding);
        foreach (var parameter in conv.parameters())
        {
            parameter.requires_grad = false;
        }

        var generator = new Generator(11);
        var input = randn(Batch, 16, 9, 10, generator: generator);
        var upstream = randn(Batch, 24, 9 - 2 + (2 * padding), 10 - 2 + (2 * padding), generator: generator);
        Tensor Gradient(Func<Tensor, Tensor> convolve)
        {
            var x = input.detach().requires_grad_(true);
            return autograd.grad([convolve(x)], [x], [upstream])[0];
        }

        var x0 = input.detach().requires_grad_(true);
        Assert.Equal(NnpackConvolution.Wanted, NnpackConvolution.Takes(conv, x0));
        AssertClose(Gradient(conv.call), Gradient(x => NnpackConvolution.Apply(conv, x)));
    }

    [Fact]
    public void WhereWeightsWantGradients_TheModulesConvolutionTakesThemAsBefore()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(16, 16, 3, padding: 1);
        var input = randn(Batch, 16, 8, 8, generator: new Generator(3));
        Assert.False(NnpackConvolution.Takes(conv, input));
        NnpackConvolution.Apply(conv, input).sum().backward();
        var viaApply = conv.weight!.grad!.clone();
        conv.zero_grad();
        conv.call(input).sum().backward();
        Assert.Equal(0f, (viaApply - conv.weight!.grad!).abs().max().item<float>());
    }

    [Theory]
    [InlineData("resnet18", 28)]
    [InlineData("vgg13-bn", 32)]
    public void ANetworksProbabilitiesAndInputGradients_AgreeWithTheDirectConvolutions(string architecture, int side)
    {
        // Batches below 16 keep the direct (oneDNN) convolutions, so the first 15 images of a batch of 16 are the check.
        using var net = TorchNetwork.Create(architecture, 1, side, side, 5);
        var size = side * side;
        var images = Enumerable.Range(0, (int)Batch * size).Select(i => ((i * 7919) % 251) / 251f).ToArray();
        var direct = images.AsSpan(0, ((int)Batch - 1) * size).ToArray();

        var probabilities = net.Predict(images);
        var directProbabilities = net.Predict(direct);
        for (var i = 0; i < directProbabilities.Length; i++)
        {
            Assert.True(Math.Abs(probabilities[i] - directProbabilities[i]) < 1e-4, $"probability {i}: {probabilities[i]} vs {directProbabilities[i]}");
        }

        var targets = Enumerable.Repeat(2L, (int)Batch).ToArray();
        var gradients = net.InputGradients(images, targets, ofProbability: false).Values;
        var directGradients = net.InputGradients(direct, targets.AsSpan(0, (int)Batch - 1), ofProbability: false).Values;
        var scale = directGradients.Max(Math.Abs);
        Assert.True(scale > 0, "a logit depends on its input");
        var largest = directGradients.Select((g, i) => Math.Abs(gradients[i] - g)).Max() / scale;
        var correlation = Correlation.Pearson(gradients.AsSpan(0, directGradients.Length), directGradients);
        // Any change of rounding (folding batch norm into the convolutions does the same) moves a few pixels whose
        // path crosses a ReLU at its kink by some percent of the largest gradient; the maps agree as wholes, as the
        // PyTorch cross-check of explanations asks (correlation > 0.999).
        Assert.True(correlation > 0.9999 && largest < 0.1, $"correlation {correlation}, largest difference {largest} of the largest gradient");
    }

    [Fact]
    public void AnInputGradientPassThroughNnpack_DisposesEveryTensorAndLeavesWeightsTrainable()
    {
        using var net = TorchNetwork.Create("resnet18", 1, 16, 16, 3);
        var images = Enumerable.Range(0, (int)Batch * 256).Select(i => (i % 17) / 17f).ToArray();
        var targets = new long[Batch];
        net.InputGradients(images, targets, ofProbability: true); // first call compiles NNPACK's script
        var statistics = TorchSharp.DisposeScopeManager.Statistics;
        statistics.Reset();
        net.InputGradients(images, targets, ofProbability: true);
        net.GradCam(images, targets, null);
        Assert.Equal(statistics.CreatedInScopeCount, statistics.DisposedInScopeCount);
        Assert.Equal(0, statistics.ThreadTotalLiveCount);

        net.UseSgd(0.1, 0.9);
        var before = net.State().First(t => t.Name.EndsWith("conv1.weight", StringComparison.Ordinal)).Values;
        net.TrainStep(images, targets);
        var after = net.State().First(t => t.Name.EndsWith("conv1.weight", StringComparison.Ordinal)).Values;
        Assert.NotEqual(before, after);
    }

    // NNPACK's transforms round differently from direct convolution: agreement to 1e-4 of the largest value.
    private static void AssertClose(Tensor expected, Tensor actual)
    {
        var scale = expected.abs().max().item<float>();
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-4 * scale, $"largest difference {difference} against values up to {scale}");
    }
}
