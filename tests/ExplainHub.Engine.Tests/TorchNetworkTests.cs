using ExplainHub.Engine.Imaging;
using ExplainHub.Engine.Networks;

namespace ExplainHub.Engine.Tests;

/// <summary>The networks on TorchSharp: sizes, typed errors with libtorch's own words, and no tensor left behind.</summary>
[Collection(NativeCollection.Name)]
public sealed class TorchNetworkTests
{
    [Fact]
    public void Describe_ReportsTorchSharpAndLibtorchVersionsDeviceAndConfiguredThreads()
    {
        TorchRuntime.Configure(2);
        var runtime = TorchRuntime.Describe();
        Assert.StartsWith("2.", runtime.TorchVersion, StringComparison.Ordinal);
        Assert.StartsWith("0.", runtime.TorchSharpVersion, StringComparison.Ordinal);
        Assert.Equal(runtime.CudaAvailable ? "cuda:0" : "cpu", runtime.Device);
        Assert.Equal(2, runtime.Threads);
        TorchRuntime.Configure(Environment.ProcessorCount);
    }

    [Fact]
    public void LibtorchLogsErrorsOnly_UnlessTorchCppLogLevelSaysOtherwise()
    {
        // Warnings (NNPACK's "Unsupported hardware" on every convolution path, on CPUs like this one's) would fill stderr.
        TorchRuntime.EnsureStarted();
        var wanted = Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL");
        Assert.Equal(wanted is null ? 2 : LibtorchLog.Level, LibtorchLog.Level);
        Assert.NotNull(LibtorchLog.Level); // the CPU libtorch exports the flag; finding it is what makes this work at all
    }

    [Fact]
    public void TrainingPredictionCamAndAFailedCall_DisposeEveryTensorTheyMake()
    {
        var images = Enumerable.Range(0, 2 * 784).Select(i => (i % 29) / 29f).ToArray();
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        net.UseSgd(0.1, 0.9);
        net.SetAugmentation(new ExplainHub.Shared.Augmentation(RotationDegrees: 10, HorizontalFlip: true), 3);
        var statistics = TorchSharp.DisposeScopeManager.Statistics; // this thread's
        statistics.Reset();
        net.TrainStep(images, [1, 2]);
        // The first step makes SGD's momentum buffers, one per parameter, which the optimiser keeps.
        Assert.Equal(6, statistics.DetachedFromScopeCount);
        Assert.Equal(0, statistics.CreatedOutsideScopeCount);

        statistics.Reset();
        net.TrainStep(images, [1, 2]);
        net.Predict(images);
        net.Cam(images, [-1, 4]);
        net.Features(images);
        net.State();
        Assert.Throws<NetworkException>(() => net.TrainStep(images, [1, 10]));
        Assert.True(statistics.CreatedInScopeCount > 50, $"only {statistics.CreatedInScopeCount} tensors counted");
        Assert.Equal(statistics.CreatedInScopeCount, statistics.DisposedInScopeCount);
        Assert.Equal(0, statistics.CreatedOutsideScopeCount);
        Assert.Equal(0, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void CreatingUsingAndDisposingNetworks_LeavesNoTensorAlive()
    {
        var before = Live();
        foreach (var architecture in new[] { "seed-cnn", "resnet18", "vgg13-bn" })
        {
            var side = architecture == "vgg13-bn" ? 32 : 28;
            using var net = TorchNetwork.Create(architecture, 1, side, side, 4);
            Assert.True(Live() > before, "a network's parameters are tensors");
            net.UseSgd(0.1, 0.9);
            var batch = Enumerable.Range(0, 2 * side * side).Select(i => (i % 29) / 29f).ToArray();
            net.TrainStep(batch, [1, 2]);
            net.Cam(batch, [-1, 3]);
        }

        Assert.Equal(before, Live());
    }

    /// <summary>Live tensors once TorchSharp's own unreachable temporaries (its Conv2d leaves one per biased layer) are finalised.</summary>
    private static long Live()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return TorchRuntime.LiveTensors;
    }

    [Fact]
    public void SeedCnn_HasTheSeedArchitecturesParameterCount()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        // conv1 32·(1·9)+32, conv2 64·(32·9)+64, dense 10·64+10 (seed 001)
        Assert.Equal((32 * 9) + 32 + (64 * 32 * 9) + 64 + (10 * 64) + 10, net.ParameterCount);
    }

    [Fact]
    public void FiveConvCnn_HasTheSeedTablesParameterCount_And256GapFeatures()
    {
        using var net = TorchNetwork.Create("five-conv-cnn", 1, 28, 28, 10);
        // seed 001's CNN+SVM table: 160 + 4,640 + 18,496 + 73,856 + 295,168 + 2,570
        Assert.Equal(394_890, net.ParameterCount);
        Assert.Equal(256, net.FeatureCount);

        var images = new float[3 * 28 * 28];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = (i % 29) / 29f;
        }

        var features = net.Features(images);
        Assert.Equal(3 * 256, features.Length);
        Assert.All(features, f => Assert.True(f >= 0, "GAP of ReLU maps is never negative"));
    }

    [Fact]
    public void InputsSmallerThanTheNetworkCanPool_AreRefusedWithTheSmallestSize()
    {
        var before = Live();
        var ex = Assert.Throws<NetworkException>(() => TorchNetwork.Create("five-conv-cnn", 1, 12, 12, 2));
        Assert.Equal(NetworkErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("at least 16×16", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Live());
    }

    [Fact]
    public void UnknownArchitecture_IsInvalidArgumentNamingTheKnownOnes()
    {
        var before = Live();
        var ex = Assert.Throws<NetworkException>(() => TorchNetwork.Create("alexnet", 1, 28, 28, 10));
        Assert.Equal(NetworkErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("unknown architecture 'alexnet'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("resnet18", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Live());
    }

    [Fact]
    public void ABadShapeInLibtorch_IsATorchErrorWithLibtorchsMessage_WithoutItsBacktrace()
    {
        var ex = Assert.Throws<NetworkException>(() => NetworkException.Guard(() =>
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            return TorchSharp.torch.zeros(2, 3).mm(TorchSharp.torch.zeros(4, 5));
        }));
        Assert.Equal(NetworkErrorKind.Torch, ex.Kind);
        Assert.Contains("2x3 and 4x5", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception raised from", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("frame #", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadShapeInsideTheNetwork_IsATorchErrorWithTorchSharpsMessage()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var before = Live();
        // 2 channels where the first convolution takes 1: the shape check is libtorch's own.
        var ex = Assert.Throws<NetworkException>(() => NetworkException.Guard(() =>
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            return net.Module.call(TorchSharp.torch.zeros(1, 2, 28, 28));
        }));
        Assert.Equal(NetworkErrorKind.Torch, ex.Kind);
        Assert.Contains("channels", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception raised from", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("frame #", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Live());
    }

    [Fact]
    public void WeightsOfAnotherArchitecture_AreATorchErrorNamingTheFile_AndLeakNothing()
    {
        var before = Live();
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "seed.pt");
        using (var seed = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10))
        {
            seed.Save(path);
        }

        using (var net = TorchNetwork.Create("five-conv-cnn", 1, 28, 28, 10))
        {
            var ex = Assert.Throws<NetworkException>(() => net.Load(path));
            Assert.Equal(NetworkErrorKind.Torch, ex.Kind);
            Assert.Contains("seed.pt", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception raised from", ex.Message, StringComparison.Ordinal); // no C++ backtrace
        }

        Assert.Equal(before, Live());
    }

    [Fact]
    public void WeightsOfTheEarlierLibtorchEngine_AreRefusedWithWhatToDoInstead()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "weights.pt");
        File.WriteAllBytes(path, [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]); // libtorch's C++ archives are zip files
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var ex = Assert.Throws<NetworkException>(() => net.Load(path));
        Assert.Contains("earlier ExplainHub engine", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOutsideTheClasses_IsRefusedBeforeTraining()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var ex = Assert.Throws<NetworkException>(() => net.TrainStep(new float[2 * 784], new long[] { 3, 10 }));
        Assert.Equal(NetworkErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("label out of range", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-5)]
    public void TargetOutsideTheClasses_IsRefused_OnlyMinusOneMeaningThePredictedClass(long target)
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var images = new float[2 * 784];

        var ex = Assert.Throws<NetworkException>(() => net.InputGradients(images, [-1, target], ofProbability: true));
        Assert.Equal(NetworkErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("target class out of range", ex.Message, StringComparison.Ordinal);
        Assert.Throws<NetworkException>(() => net.Cam(images, [target, 0]));
        Assert.Equal(2, net.InputGradients(images, [-1, 9], ofProbability: true).Count);
    }

    [Fact]
    public void WrongBufferLength_IsCaughtBeforeCrossingTheBoundary()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var ex = Assert.Throws<ArgumentException>(() => net.TrainStep(new float[700], new long[] { 1 }));
        Assert.Contains("784", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_GivesProbabilitiesThatSumToOne()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var images = new float[3 * 784];
        new Random(3).NextBytes(new byte[1]);
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = (i % 17) / 17f;
        }

        var p = net.Predict(images);
        Assert.Equal(30, p.Length);
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(1.0, p.AsSpan(r * 10, 10).ToArray().Sum(), 4);
        }
    }

    [Fact]
    public void TrainSteps_ReduceTheLossOnAFixedBatch()
    {
        TorchRuntime.Configure(0, 7);
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        net.UseAdam(1e-2);
        var random = new Random(7);
        var images = Enumerable.Range(0, 32 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, 32).Select(i => (long)(i % 10)).ToArray();
        var first = net.TrainStep(images, labels).Loss;
        var last = first;
        for (var i = 0; i < 60; i++)
        {
            last = net.TrainStep(images, labels).Loss;
        }

        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }

    [Fact]
    public void SaveThenLoad_GivesIdenticalPredictions()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "w.pt");
        var images = Enumerable.Range(0, 2 * 784).Select(i => (i % 29) / 29f).ToArray();
        TorchRuntime.Configure(0, 1);
        using var a = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        a.Save(path);
        TorchRuntime.Configure(0, 2);
        using var b = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        Assert.NotEqual(a.Predict(images), b.Predict(images));
        b.Load(path);
        Assert.Equal(a.Predict(images), b.Predict(images));
    }

    [Fact]
    public void LoadingAMissingFile_IsAnErrorNamingIt()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var ex = Assert.Throws<FileNotFoundException>(() => net.Load("/nonexistent/weights.pt"));
        Assert.Contains("weights.pt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_DrawsTheSamePermutationsAsTorchRandpermWithTheSameSeed()
    {
        var before = Live();
        using (var generator = new TorchGenerator(0))
        {
            // torch.randperm(10, generator=torch.Generator().manual_seed(0)), twice, in PyTorch 1.13
            Assert.Equal([4, 1, 7, 5, 3, 9, 0, 8, 6, 2], generator.Permutation(10));
            Assert.Equal([3, 9, 4, 2, 7, 8, 6, 0, 5, 1], generator.Permutation(10));
        }

        Assert.Equal(before, Live());
    }

    [Fact]
    public void GlorotInitialisation_ChangesTheWeights_AndUnknownSchemesAreRefused()
    {
        var images = Enumerable.Range(0, 784).Select(i => (i % 13) / 13f).ToArray();
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var before = net.Predict(images);
        net.Initialize("glorot");
        Assert.NotEqual(before, net.Predict(images));
        var ex = Assert.Throws<NetworkException>(() => net.Initialize("he"));
        Assert.Equal(NetworkErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void InputStandardisation_IsPartOfTheNetwork_AndSavedWithIt()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "w.pt");
        var images = Enumerable.Range(0, 784).Select(i => (i % 11) / 11f).ToArray();
        using var a = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var plain = a.Predict(images);
        a.SetInputNormalization([0.3f], [0.35f]);
        var standardized = a.Predict(images);
        Assert.NotEqual(plain, standardized);
        a.Save(path);
        using var b = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        b.Load(path);
        Assert.Equal(standardized, b.Predict(images));
        Assert.Throws<NetworkException>(() => a.SetInputNormalization([0f], [0f]));
    }

    [Fact]
    public void SettingALearningRate_OfZero_IsRefused()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        net.SetLearningRate(0.5);
        Assert.Throws<NetworkException>(() => net.SetLearningRate(0));
    }

    [Fact]
    public void PngEncode_ProducesAPngThatStartsWithTheSignature()
    {
        var rgba = new byte[4 * 5 * 4];
        var png = ImageCodec.Encode(rgba, 4, 5, 4);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Throws<ArgumentException>(() => ImageCodec.Encode(rgba, 4, 4, 4));
        var decoded = ImageCodec.Decode(png);
        Assert.Equal((4, 5, 4), (decoded.Height, decoded.Width, decoded.Channels));
    }

    [Fact]
    public void Decode_OfSomethingThatIsNotAnImage_IsAClearError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode("not an image at all"u8));
        Assert.Contains("not a decodable image", ex.Message, StringComparison.Ordinal);
    }
}
