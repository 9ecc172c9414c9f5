using ExplainHub.Engine.Native;

namespace ExplainHub.Engine.Tests;

[Collection(NativeCollection.Name)]
public sealed class NativeBridgeTests
{
    [Fact]
    public void AbiVersion_MatchesWhatTheEngineWasWrittenFor() =>
        Assert.Equal(NativeMethods.ExpectedAbiVersion, TorchRuntime.AbiVersion);

    [Fact]
    public void Describe_ReportsTorchVersionDeviceAndConfiguredThreads()
    {
        TorchRuntime.Configure(2);
        var runtime = TorchRuntime.Describe();
        Assert.StartsWith("1.", runtime.TorchVersion, StringComparison.Ordinal);
        Assert.Equal(runtime.CudaAvailable ? "cuda:0" : "cpu", runtime.Device);
        Assert.Equal(2, runtime.Threads);
    }

    [Fact]
    public void CreateAndDispose_ReturnLiveHandlesToZero()
    {
        var before = TorchRuntime.LiveHandles;
        using (var a = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10))
        using (var b = TorchNetwork.Create("seed-cnn", 3, 32, 32, 4))
        {
            Assert.Equal(before + 2, TorchRuntime.LiveHandles);
        }

        Assert.Equal(before, TorchRuntime.LiveHandles);
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
        var before = TorchRuntime.LiveHandles;
        var ex = Assert.Throws<NativeBridgeException>(() => TorchNetwork.Create("five-conv-cnn", 1, 12, 12, 2));
        Assert.Contains("at least 16×16", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, TorchRuntime.LiveHandles);
    }

    [Fact]
    public void UnknownArchitecture_IsInvalidArgumentWithTheNativeMessage()
    {
        var before = TorchRuntime.LiveHandles;
        var ex = Assert.Throws<NativeBridgeException>(() => TorchNetwork.Create("alexnet", 1, 28, 28, 10));
        Assert.Equal(NativeStatus.InvalidArgument, ex.Status);
        Assert.Contains("unknown architecture 'alexnet'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, TorchRuntime.LiveHandles);
    }

    [Fact]
    public void WeightsOfAnotherArchitecture_AreATorchErrorWithTorchsMessage_AndLeakNothing()
    {
        var before = TorchRuntime.LiveHandles;
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "seed.pt");
        using (var seed = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10))
        {
            seed.Save(path);
        }

        using (var net = TorchNetwork.Create("five-conv-cnn", 1, 28, 28, 10))
        {
            var ex = Assert.Throws<NativeBridgeException>(() => net.Load(path));
            Assert.Equal(NativeStatus.TorchError, ex.Status);
            Assert.DoesNotContain("Exception raised from", ex.Message, StringComparison.Ordinal); // no C++ backtrace
        }

        Assert.Equal(before, TorchRuntime.LiveHandles);
    }

    [Fact]
    public void LabelOutsideTheClasses_IsRefusedBeforeTraining()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var ex = Assert.Throws<NativeBridgeException>(() => net.TrainStep(new float[2 * 784], new long[] { 3, 10 }));
        Assert.Equal(NativeStatus.InvalidArgument, ex.Status);
        Assert.Contains("label out of range", ex.Message, StringComparison.Ordinal);
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
        var ex = Assert.Throws<NativeBridgeException>(() => net.Load("/nonexistent/weights.pt"));
        Assert.Contains("weights.pt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_DrawsTheSamePermutationsAsTorchRandpermWithTheSameSeed()
    {
        var before = TorchRuntime.LiveHandles;
        using (var generator = new TorchGenerator(0))
        {
            // torch.randperm(10, generator=torch.Generator().manual_seed(0)), twice, in PyTorch 1.13
            Assert.Equal([4, 1, 7, 5, 3, 9, 0, 8, 6, 2], generator.Permutation(10));
            Assert.Equal([3, 9, 4, 2, 7, 8, 6, 0, 5, 1], generator.Permutation(10));
            Assert.Equal(before + 1, TorchRuntime.LiveHandles);
        }

        Assert.Equal(before, TorchRuntime.LiveHandles);
    }

    [Fact]
    public void GlorotInitialisation_ChangesTheWeights_AndUnknownSchemesAreRefused()
    {
        var images = Enumerable.Range(0, 784).Select(i => (i % 13) / 13f).ToArray();
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var before = net.Predict(images);
        net.Initialize("glorot");
        Assert.NotEqual(before, net.Predict(images));
        var ex = Assert.Throws<NativeBridgeException>(() => net.Initialize("he"));
        Assert.Equal(NativeStatus.InvalidArgument, ex.Status);
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
        Assert.Throws<NativeBridgeException>(() => a.SetInputNormalization([0f], [0f]));
    }

    [Fact]
    public void SettingALearningRate_OfZero_IsRefused()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        net.SetLearningRate(0.5);
        Assert.Throws<NativeBridgeException>(() => net.SetLearningRate(0));
    }

    [Fact]
    public void PngEncode_ProducesAPngThatStartsWithTheSignature()
    {
        var rgba = new byte[4 * 5 * 4];
        var png = PngCodec.Encode(rgba, 4, 5, 4);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Throws<ArgumentException>(() => PngCodec.Encode(rgba, 4, 4, 4));
    }

    [Fact]
    public void Decode_OfSomethingThatIsNotAnImage_IsAClearError()
    {
        var ex = Assert.Throws<NativeBridgeException>(() => PngCodec.Decode("not an image at all"u8));
        Assert.Contains("not a decodable image", ex.Message, StringComparison.Ordinal);
    }
}
