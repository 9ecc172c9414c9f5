using ExplainHub.Engine.Perturbation;
using ExplainHub.Shared;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Tests.Perturbation;

/// <summary>The autoencoder of seed 004 and its fine-tuning through a frozen classifier, on small synthetic batches.</summary>
[Collection(NativeCollection.Name)]
public sealed class UNetAutoencoderTests
{
    [Fact]
    public void TheDefaultUNet_HasTheReferencesStateDictNamesAndParameterCounts()
    {
        // Counted with ../shared/reference/common.py's unet(in_ch) and unet(1, (8, 16)) under PyTorch.
        using var rgb = new UNetAutoencoder(3);
        using var grey = new UNetAutoencoder(1);
        using var small = new UNetAutoencoder(1, [8, 16]);

        Assert.Equal(3_698_979, Count(rgb));
        Assert.Equal(3_698_337, Count(grey));
        Assert.Equal(14_857, Count(small));
        // PyTorch's names for that module (read from its state dict): DoubleConv blocks as Sequential indices 0 (conv),
        // 1 (BN), 3 (conv), 4 (BN), the transposed convolutions and the 1×1 output. TorchSharp lists them in another order.
        string[] batchNorm = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"];
        var blocks = Enumerable.Range(0, 4).Select(i => $"downs.{i}").Append("bottleneck").Concat(Enumerable.Range(0, 4).Select(i => $"ups.{i}"));
        var expected = blocks
            .SelectMany(b => new[] { $"{b}.0.weight", $"{b}.3.weight" }.Concat(batchNorm.SelectMany(n => new[] { $"{b}.1.{n}", $"{b}.4.{n}" })))
            .Concat(Enumerable.Range(0, 4).SelectMany(i => new[] { $"upconvs.{i}.weight", $"upconvs.{i}.bias" }))
            .Concat(["out.weight", "out.bias"]);
        var state = rgb.state_dict();
        Assert.Equal(expected.Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(118, state.Count);
        Assert.Equal(new long[] { 32, 3, 3, 3 }, state["downs.0.0.weight"].shape);
        Assert.Equal(new long[] { 256, 256, 3, 3 }, state["bottleneck.0.weight"].shape);
        Assert.Equal(new long[] { 256, 256, 2, 2 }, state["upconvs.0.weight"].shape);
        Assert.Equal(new long[] { 128, 512, 3, 3 }, state["ups.0.0.weight"].shape);
        Assert.Equal(new long[] { 32, 32, 3, 3 }, state["ups.3.3.weight"].shape);
        Assert.Equal(new long[] { 3, 32, 1, 1 }, state["out.weight"].shape);
    }

    [Theory]
    [InlineData(28, 28)] // padded to 32×32 inside, cropped back
    [InlineData(32, 32)]
    [InlineData(30, 45)]
    public void TheOutput_IsAnImageOfTheInputsShape_InZeroToOne(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var autoencoder = new UNetAutoencoder(2, [8, 16]);
        var output = autoencoder.call(rand(3, 2, height, width));

        Assert.Equal(new long[] { 3, 2, height, width }, output.shape);
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1);
    }

    [Fact]
    public void ReconstructionTraining_LowersTheLossOnAFixedBatch()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var autoencoder = new UNetAutoencoder(1, [16, 32]);
        using var training = new AutoencoderTraining(autoencoder, learningRate: 1e-2);
        var images = BrightPatches(8);

        var first = training.ReconstructionStep(images);
        var last = first;
        for (var step = 0; step < 40; step++)
        {
            last = training.ReconstructionStep(images);
        }

        Assert.True(last < 0.8 * first, $"BCE went from {first:0.000} to {last:0.000}");
    }

    [Fact]
    public void FineTuning_ChangesTheAutoencoderOnly_TheClassifiersParametersAndBuffersStayBitIdentical()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        using var classifier = SmallClassifier();
        classifier.train(); // as a freshly trained network is left; freezing must put it in evaluation mode
        var before = classifier.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var autoencoder = new UNetAutoencoder(1, [16, 32]);
        var autoencoderBefore = autoencoder.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var training = new AutoencoderTraining(autoencoder);
        var frozen = new FrozenClassifier(classifier);
        var images = BrightPatches(8);
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });

        for (var step = 0; step < 3; step++)
        {
            training.FineTuneStep(frozen, images, labels, reconstructionWeight: step == 2 ? 0.5 : 0);
        }

        foreach (var (name, value) in classifier.state_dict())
        {
            Assert.True(Same(value, before[name]), $"the classifier's {name} changed");
        }

        Assert.Contains(autoencoder.state_dict(), p => p.Value.is_floating_point() && !Same(p.Value, autoencoderBefore[p.Key]));
        Assert.False(classifier.training);
        Assert.All(classifier.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void FineTuning_StartsAFreshAdam_WhoseFirstStepMovesEveryWeightByTheLearningRate()
    {
        // Adam's first step is lr·g/(|g| + ε): every weight with a gradient moves by lr. Moments kept from the
        // reconstruction phase (the reference makes a second optimiser) would give steps of every other size.
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        using var classifier = SmallClassifier();
        using var autoencoder = new UNetAutoencoder(1, [16, 32]);
        using var training = new AutoencoderTraining(autoencoder, learningRate: 1e-3);
        var frozen = new FrozenClassifier(classifier);
        var images = BrightPatches(8);
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        for (var step = 0; step < 20; step++)
        {
            training.ReconstructionStep(images);
        }

        training.StartFineTuning();
        var before = autoencoder.parameters().Select(p => p.detach().clone()).ToArray();
        training.FineTuneStep(frozen, images, labels);

        var moves = autoencoder.parameters().Zip(before, (after, was) => (after.detach() - was).abs().flatten()).ToArray();
        var moved = cat(moves, 0);
        var byTheRate = moved.gt(0.95e-3).logical_and(moved.lt(1.05e-3)).sum().item<long>();
        var changed = moved.gt(1e-7).sum().item<long>();
        Assert.True(changed > 1000, $"only {changed} weights moved");
        Assert.True(byTheRate > 0.95 * changed, $"{byTheRate} of {changed} moved weights moved by the learning rate");
    }

    [Fact]
    public void TheCombinedModelsInputGradient_FlowsThroughTheAutoencoder_AndNotWhenItIsBypassed()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        using var classifier = new ExplainHub.Engine.Networks.SeedCnn(1, 3);
        using var autoencoder = new UNetAutoencoder(1, [8, 16]);
        using var combined = new PerturbedNetwork(autoencoder, classifier);
        combined.eval();

        var images = BrightPatches(2).requires_grad_(true);
        combined.call(images)[.., 1].sum().backward();
        Assert.True(images.grad!.abs().sum().item<float>() > 0, "no input gradient through the combined model");
        Assert.All(autoencoder.parameters(), p => Assert.NotNull(p.grad));
        Assert.True(autoencoder.parameters().Sum(p => p.grad!.abs().sum().item<float>()) > 0);

        combined.zero_grad();
        foreach (var parameter in autoencoder.parameters())
        {
            parameter.grad = null;
        }

        var bypassing = BrightPatches(2).requires_grad_(true);
        classifier.call(bypassing)[.., 1].sum().backward();
        Assert.True(bypassing.grad!.abs().sum().item<float>() > 0);
        Assert.All(autoencoder.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void ImagesThatAreNotNumbers_AreRefusedBeforeAnything_AndLeaveWeightsAndStatistics()
    {
        using var scope = NewDisposeScope();
        using var autoencoder = new UNetAutoencoder(1, [16]);
        var before = autoencoder.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var training = new AutoencoderTraining(autoencoder);
        var images = BrightPatches(2);
        images[0, 0, 0, 0] = tensor(float.NaN);

        var refused = Assert.Throws<ExplainHub.Engine.Networks.NetworkException>(() => training.ReconstructionStep(images));

        Assert.Contains("values that are not numbers", refused.Message, StringComparison.Ordinal);
        Assert.All(autoencoder.state_dict(), p => Assert.True(Same(p.Value, before[p.Key]), p.Key));
    }

    [Fact]
    public void TheDifferenceMap_OfAnAutoencoderThatReturnsItsInput_IsZero_AndAChangeIsStretchedToOne()
    {
        using var scope = NewDisposeScope();
        var images = BrightPatches(2);

        Assert.Equal(0f, DifferenceMap.Of(images, images.clone()).abs().max().item<float>());

        var changed = images.clone();
        changed[0, 0, 3, 4] = changed[0, 0, 3, 4] + 0.2f;
        changed[1, 0, 5, 6] = changed[1, 0, 5, 6] - 0.05f;
        var map = DifferenceMap.Of(images, changed);
        Assert.Equal(new long[] { 2, 28, 28 }, map.shape);
        Assert.Equal(1f, map[0, 3, 4].item<float>(), 5);
        Assert.Equal(1f, map[1, 5, 6].item<float>(), 5);
        Assert.Equal(2f, map.sum().item<float>(), 4);
    }

    [Fact]
    public void AFineTuneThroughAModelThatIsNotATrainedNetwork_IsRefusedInWords()
    {
        var svm = new ModelInfo("svm-1", "linear-svm · 1000 images", ModelKinds.LinearSvm, "fashion-mnist", ["a", "b"], 0.8, 100, DateTimeOffset.UnixEpoch);
        var net = svm with { Id = "net-1", Name = "vgg", Kind = ModelKinds.Vgg16Bn };

        var refused = Assert.Throws<EngineException>(() => PerturbationPlan.CheckClassifier(svm, "svm-1"));
        var unknown = Assert.Throws<EngineException>(() => PerturbationPlan.CheckClassifier(null, "nope"));
        PerturbationPlan.CheckClassifier(net, "net-1");

        Assert.Equal(EngineErrorKind.InvalidRequest, refused.Kind);
        Assert.Contains("fine-tuned through a trained network", refused.Message, StringComparison.Ordinal);
        Assert.Contains("is a linear-svm", refused.Message, StringComparison.Ordinal);
        Assert.Equal(EngineErrorKind.NotFound, unknown.Kind);
    }

    private static long Count(Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>Bit for bit: same shape and every element equal (exact comparison, no tolerance).</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a == b).all().item<bool>();

    /// <summary>Conv → BN → ReLU → GAP → Linear: small, but with running statistics that a careless fine-tune would move.</summary>
    private static TorchSharp.Modules.Sequential SmallClassifier() => Sequential(
        Conv2d(1, 4, 3, padding: 1), BatchNorm2d(4), ReLU(), AdaptiveAvgPool2d(1), Flatten(), Linear(4, 3));

    /// <summary>28×28 grey images, dark with a bright square whose place depends on the image.</summary>
    private static Tensor BrightPatches(int count)
    {
        var images = full(count, 1, 28, 28, 0.1f);
        for (var i = 0; i < count; i++)
        {
            var at = 2 + (i * 5 % 18);
            images[i, 0, at..(at + 6), at..(at + 6)] = tensor(0.9f);
        }

        return images;
    }
}
