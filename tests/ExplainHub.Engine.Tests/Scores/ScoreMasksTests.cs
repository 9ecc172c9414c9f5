using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Scores;
using ExplainHub.Shared;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Tests.Scores;

[Collection(NativeCollection.Name)]
public sealed class ScoreMasksTests
{
    [Fact]
    public void TopRho_KeepsTheHighestPixels_AndBreaksTiesByPosition()
    {
        using var scope = NewDisposeScope();
        // Two maps of 4×4: a ramp, and a flat map where only position can decide.
        var heat = Enumerable.Range(0, 16).Select(i => (float)i).Concat(Enumerable.Repeat(0.5f, 16)).ToArray();
        var masks = TensorData.ToFloats(ScoreMasks.TopRho(heat, 2, 4, 4, 0.25));
        Assert.Equal([12, 13, 14, 15], Ones(masks.AsSpan(0, 16)));
        Assert.Equal([0, 1, 2, 3], Ones(masks.AsSpan(16, 16)));
        Assert.Equal([4L, 4L], ScoreMasks.Areas(ScoreMasks.TopRho(heat, 2, 4, 4, 0.25)));
    }

    [Fact]
    public void Grow_IsA3x3Dilation_ClippedAtTheBorder()
    {
        using var scope = NewDisposeScope();
        var values = new float[2 * 25];
        values[12] = 1; // centre of the first 5×5
        values[25] = 1; // corner of the second
        var grown = TensorData.ToFloats(ScoreMasks.Grow(TensorData.From(values, 2, 1, 5, 5)));
        Assert.Equal([6, 7, 8, 11, 12, 13, 16, 17, 18], Ones(grown.AsSpan(0, 25)));
        Assert.Equal([0, 1, 5, 6], Ones(grown.AsSpan(25, 25)));
    }

    [Fact]
    public void Intersection_OfIdenticalMasks_IsTheMask_AndOfDisjointOnesIsEmpty()
    {
        using var scope = NewDisposeScope();
        var random = new Random(3);
        var heat = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray();
        var mask = ScoreMasks.TopRho(heat, 1, 8, 8, 0.25);
        Assert.Equal(TensorData.ToFloats(mask), TensorData.ToFloats(ScoreMasks.Intersect([mask, mask, mask])));
        var inverse = 1 - mask;
        Assert.Equal([0L], ScoreMasks.Areas(ScoreMasks.Intersect([mask, inverse])));
    }

    [Fact]
    public void Hybrid_TakesEveryChannelOfAMaskedPixelFromTheImage()
    {
        using var scope = NewDisposeScope();
        var image = full(new long[] { 1, 3, 2, 2 }, 0.8f);
        var baseImage = full(new long[] { 1, 3, 2, 2 }, 0.1f);
        var mask = TensorData.From([1f, 0, 0, 1], 1, 1, 2, 2);
        var hybrid = TensorData.ToFloats(ScoreMasks.Hybrid(mask, image, baseImage));
        Assert.Equal([0.8f, 0.1f, 0.1f, 0.8f, 0.8f, 0.1f, 0.1f, 0.8f, 0.8f, 0.1f, 0.1f, 0.8f], hybrid);
    }

    [Fact]
    public void Blur_KeepsAConstantImage_SpreadsAnImpulseAsTheNormalisedGaussian_AndZerosAreZero()
    {
        using var scope = NewDisposeScope();
        var constant = full(new long[] { 2, 3, 20, 20 }, 0.3f);
        var blurred = TensorData.ToFloats(BaseImages.Blur(constant, new BlurKernel()));
        Assert.All(blurred, v => Assert.Equal(0.3f, v, 5));

        // An impulse in the middle of a 41×41 image is the kernel itself: taps exp(−d²/2σ²) normalised to sum 1.
        var impulse = zeros(1, 1, 41, 41);
        impulse[0, 0, 20, 20] = tensor(1f);
        var kernel = new BlurKernel(5, 1.5);
        var spread = TensorData.ToFloats(BaseImages.Blur(impulse, kernel));
        var taps = Enumerable.Range(-2, 5).Select(d => Math.Exp(-d * d / (2 * 1.5 * 1.5))).ToArray();
        var norm = taps.Sum();
        Assert.Equal(taps[2] * taps[2] / (norm * norm), spread[(20 * 41) + 20], 6);
        Assert.Equal(taps[0] * taps[3] / (norm * norm), spread[(18 * 41) + 21], 6);
        Assert.Equal(0f, spread[(17 * 41) + 20]);
        Assert.Equal(1.0, spread.Sum(v => (double)v), 5);

        // An image smaller than the kernel's half-width still blurs (edge repeated), and zeros are zeros.
        Assert.All(TensorData.ToFloats(BaseImages.Blur(full(new long[] { 1, 1, 6, 6 }, 0.7f), new BlurKernel())), v => Assert.Equal(0.7f, v, 5));
        Assert.All(TensorData.ToFloats(BaseImages.Make(BaseImageKinds.Zeros, constant, new BlurKernel())), v => Assert.Equal(0f, v));
        Assert.Throws<EngineException>(() => BaseImages.Make("noise", constant, new BlurKernel()));
    }

    private static int[] Ones(ReadOnlySpan<float> mask)
    {
        var ones = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] > 0.5f)
            {
                ones.Add(i);
            }
        }

        return [.. ones];
    }
}
