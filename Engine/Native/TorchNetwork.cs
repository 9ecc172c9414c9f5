namespace ExplainHub.Engine.Native;

/// <summary>
/// A libtorch network with a GAP head and its optimiser, owned through a <see cref="NetHandle"/>.
/// Inputs are float32 batches N×C×H×W; the bridge serialises callers, so one instance may be shared.
/// </summary>
public sealed class TorchNetwork : IDisposable
{
    private readonly NetHandle handle;

    private TorchNetwork(NetHandle handle, string architecture, int channels, int height, int width, int classes)
    {
        this.handle = handle;
        Architecture = architecture;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    public string Architecture { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Classes { get; }

    public int ImageSize => Channels * Height * Width;

    public static TorchNetwork Create(string architecture, int channels, int height, int width, int classes)
    {
        NativeCall.Check(NativeMethods.NetCreate(architecture, channels, height, width, classes, out var handle));
        return new TorchNetwork(handle, architecture, channels, height, width, classes);
    }

    public long ParameterCount
    {
        get
        {
            NativeCall.Check(NativeMethods.NetParameterCount(handle, out var count));
            return count;
        }
    }

    /// <summary>K, the GAP features the head reads (channels of the last conv block).</summary>
    public int FeatureCount
    {
        get
        {
            NativeCall.Check(NativeMethods.NetFeatureCount(handle, out var count));
            return checked((int)count);
        }
    }

    public void UseAdam(double learningRate, double weightDecay = 0) =>
        NativeCall.Check(NativeMethods.NetSetOptimizer(handle, "adam", learningRate, 0, weightDecay));

    public void UseSgd(double learningRate, double momentum, double weightDecay = 0) =>
        NativeCall.Check(NativeMethods.NetSetOptimizer(handle, "sgd", learningRate, momentum, weightDecay));

    public void SetLearningRate(double learningRate) =>
        NativeCall.Check(NativeMethods.NetSetLearningRate(handle, learningRate));

    /// <summary>Per-channel (x − mean)/std inside the network, for inputs in [0,1]; saved with the weights.</summary>
    public unsafe void SetInputNormalization(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length != Channels || std.Length != Channels)
        {
            throw new ArgumentException($"Need one mean and one std per channel ({Channels}).", nameof(mean));
        }

        fixed (float* m = mean)
        fixed (float* s = std)
        {
            NativeCall.Check(NativeMethods.NetSetInputNormalization(handle, m, s, Channels));
        }
    }

    /// <summary>Re-initialises the weights: "glorot" (Keras' default) or "torch" (libtorch's default).</summary>
    /// <summary>Random augmentation of every training batch inside the training step (on the network's device); null = off.</summary>
    public void SetAugmentation(ExplainHub.Shared.Augmentation? augmentation, long seed)
    {
        var a = augmentation ?? new ExplainHub.Shared.Augmentation();
        NativeCall.Check(NativeMethods.NetSetAugmentation(handle, a.RotationDegrees, a.MaxShiftPixels, a.HorizontalFlip ? 1 : 0, seed));
    }

    public void Initialize(string scheme) => NativeCall.Check(NativeMethods.NetInitialize(handle, scheme));

    /// <summary>One optimiser step; returns the batch's mean cross-entropy and its number of correct predictions.</summary>
    public unsafe (float Loss, long Correct) TrainStep(ReadOnlySpan<float> images, ReadOnlySpan<long> labels)
    {
        var count = CheckBatch(images, labels.Length);
        fixed (float* x = images)
        fixed (long* y = labels)
        {
            NativeCall.Check(NativeMethods.NetTrainStep(handle, x, y, count, out var loss, out var correct));
            return (loss, correct);
        }
    }

    /// <summary>Softmax probabilities, Count×Classes row-major.</summary>
    public unsafe float[] Predict(ReadOnlySpan<float> images)
    {
        var count = CheckBatch(images, images.Length / Math.Max(1, ImageSize));
        var probabilities = new float[count * Classes];
        fixed (float* x = images)
        fixed (float* p = probabilities)
        {
            NativeCall.Check(NativeMethods.NetPredict(handle, x, count, p));
        }

        return probabilities;
    }

    /// <summary>The GAP features of each image, count×<see cref="FeatureCount"/>, in evaluation mode.</summary>
    public unsafe float[] Features(ReadOnlySpan<float> images)
    {
        var count = CheckBatch(images, images.Length / Math.Max(1, ImageSize));
        var features = new float[count * FeatureCount];
        fixed (float* x = images)
        fixed (float* f = features)
        {
            NativeCall.Check(NativeMethods.NetFeatures(handle, x, count, f));
        }

        return features;
    }

    /// <summary>
    /// Raw CAM per image at input resolution (Count×H×W), for <paramref name="targets"/> (−1: predicted class),
    /// with the classes actually used and the probabilities.
    /// </summary>
    public unsafe CamResult Cam(ReadOnlySpan<float> images, ReadOnlySpan<long> targets)
    {
        var count = CheckBatch(images, targets.Length);
        var maps = new float[count * Height * Width];
        var used = new long[count];
        var probabilities = new float[count * Classes];
        fixed (float* x = images)
        fixed (long* t = targets)
        fixed (float* m = maps)
        fixed (long* u = used)
        fixed (float* p = probabilities)
        {
            NativeCall.Check(NativeMethods.NetCam(handle, x, count, t, m, u, p));
        }

        return new CamResult(count, Height, Width, Classes, maps, used, probabilities);
    }

    /// <summary>The floating-point state — parameters, then buffers — as named float32 tensors, in registration order.</summary>
    public unsafe IReadOnlyList<NamedTensor> State()
    {
        NativeCall.Check(NativeMethods.NetStateCount(handle, out var count));
        var tensors = new List<NamedTensor>((int)count);
        var name = new byte[512];
        var shape = new long[8];
        for (long i = 0; i < count; i++)
        {
            int rank;
            fixed (byte* n = name)
            fixed (long* s = shape)
            {
                NativeCall.Check(NativeMethods.NetStateDescribe(handle, i, n, name.Length, s, out rank));
            }

            var dims = shape.Take(rank).ToArray();
            var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
            fixed (float* v = values)
            {
                NativeCall.Check(NativeMethods.NetStateGet(handle, i, v, values.Length));
            }

            tensors.Add(new NamedTensor(System.Text.Encoding.UTF8.GetString(name, 0, Array.IndexOf(name, (byte)0)), dims, values));
        }

        return tensors;
    }

    /// <summary>Sets every tensor of <see cref="State"/> from <paramref name="tensors"/> by name; all must be there with their shapes.</summary>
    public unsafe void SetState(IReadOnlyDictionary<string, NamedTensor> tensors)
    {
        var current = State();
        for (var i = 0; i < current.Count; i++)
        {
            var expected = current[i];
            if (!tensors.TryGetValue(expected.Name, out var given))
            {
                throw new InvalidDataException($"The weights lack '{expected.Name}' ({string.Join("×", expected.Shape)}).");
            }

            if (!given.Shape.SequenceEqual(expected.Shape))
            {
                throw new InvalidDataException($"'{expected.Name}' is {string.Join("×", given.Shape)}, the network needs {string.Join("×", expected.Shape)}.");
            }

            fixed (float* v = given.Values)
            {
                NativeCall.Check(NativeMethods.NetStateSet(handle, i, v, given.Values.Length));
            }
        }
    }

    /// <summary>Weights, optimiser state and augmentation generator state, for resuming a run.</summary>
    public void SaveCheckpoint(string path) => NativeCall.Check(NativeMethods.NetCheckpointSave(handle, path));

    /// <summary>Restores <see cref="SaveCheckpoint"/>; the same optimiser must be set first.</summary>
    public void LoadCheckpoint(string path) => NativeCall.Check(NativeMethods.NetCheckpointLoad(handle, path));

    public void Save(string path) => NativeCall.Check(NativeMethods.NetSave(handle, path));

    public void Load(string path) => NativeCall.Check(NativeMethods.NetLoad(handle, path));

    public void Dispose() => handle.Dispose();

    private int CheckBatch(ReadOnlySpan<float> images, int count)
    {
        if (count <= 0)
        {
            throw new ArgumentException("A batch needs at least one image.", nameof(images));
        }

        if (images.Length != count * ImageSize)
        {
            throw new ArgumentException(
                $"Expected {count} images of {Channels}×{Height}×{Width} = {count * ImageSize} floats, got {images.Length}.",
                nameof(images));
        }

        return count;
    }
}
