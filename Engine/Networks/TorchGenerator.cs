using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// libtorch's CPU generator, as torch.Generator().manual_seed(seed): successive <see cref="Permutation"/> calls
/// give the epoch orders a PyTorch loop with the same seed sees, so runs are comparable batch for batch.
/// </summary>
public sealed class TorchGenerator : IDisposable
{
    private readonly Generator generator;

    public TorchGenerator(long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        TorchRuntime.EnsureStarted();
        generator = new Generator((ulong)seed);
    }

    internal Generator Generator => generator;

    /// <summary>torch.randperm(count, generator=this).</summary>
    public int[] Permutation(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var permutation = randperm(count, ScalarType.Int64, generator: generator);
        return Array.ConvertAll(TensorData.ToLongs(permutation), v => (int)v);
    }

    /// <summary>The training-step augmentation applied to count C×H×W images, drawing from this generator.</summary>
    public float[] Augment(ReadOnlySpan<float> images, int count, int channels, int height, int width, Augmentation augmentation)
    {
        if (count <= 0 || images.Length != (long)count * channels * height * width)
        {
            throw new ArgumentException($"{images.Length} values are not {count} images of {channels}×{height}×{width}.", nameof(images));
        }

        using var scope = NewDisposeScope();
        var batch = TensorData.From(images, count, channels, height, width);
        return TensorData.ToFloats(BatchAugmentation.Apply(batch, augmentation, generator));
    }

    /// <summary>The generator's state (to checkpoint) and its restoration.</summary>
    internal Tensor State() => generator.get_state();

    internal void Restore(Tensor state) => generator.set_state(state);

    public void Dispose() => generator.Dispose();
}
