namespace ExplainHub.Engine.Native;

/// <summary>
/// libtorch's CPU generator, as torch.Generator().manual_seed(seed): successive <see cref="Permutation"/> calls
/// give the epoch orders a PyTorch loop with the same seed sees, so runs are comparable batch for batch.
/// </summary>
public sealed class TorchGenerator : IDisposable
{
    private readonly GeneratorHandle handle;

    public TorchGenerator(long seed)
    {
        NativeCall.Check(NativeMethods.GeneratorCreate(seed, out var created));
        handle = created;
    }

    /// <summary>torch.randperm(count, generator=this).</summary>
    public unsafe int[] Permutation(int count)
    {
        var values = new long[count];
        fixed (long* output = values)
        {
            NativeCall.Check(NativeMethods.GeneratorRandperm(handle, count, output));
        }

        return Array.ConvertAll(values, v => (int)v);
    }

    /// <summary>The training-step augmentation applied to count C×H×W images, drawing from this generator.</summary>
    public unsafe float[] Augment(ReadOnlySpan<float> images, int count, int channels, int height, int width, ExplainHub.Shared.Augmentation augmentation)
    {
        if (count <= 0 || images.Length != (long)count * channels * height * width)
        {
            throw new ArgumentException($"{images.Length} values are not {count} images of {channels}×{height}×{width}.", nameof(images));
        }

        var output = new float[images.Length];
        fixed (float* x = images)
        fixed (float* y = output)
        {
            NativeCall.Check(NativeMethods.ImagesAugment(x, count, channels, height, width, augmentation.RotationDegrees,
                augmentation.MaxShiftPixels, augmentation.HorizontalFlip ? 1 : 0, handle, y));
        }

        return output;
    }

    public void Dispose() => handle.Dispose();
}
