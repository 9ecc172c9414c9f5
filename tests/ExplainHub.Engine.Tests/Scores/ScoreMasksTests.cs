using ExplainHub.Engine.Explain.Agreement;
using ExplainHub.Engine.Networks;
using ExplainHub.Engine.Scores;
using ExplainHub.Shared;
using TorchSharp;
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

    [Theory]
    [InlineData(28, 28, 0.25, 1)]
    [InlineData(28, 28, 0.05, 2)]
    [InlineData(7, 5, 0.5, 3)]
    [InlineData(1, 9, 0.3, 4)]
    public void TopRho_KeepsWhatAStableDescendingSortKeeps_ThroughTiesSignsAndNaN(int height, int width, double rho, int seed)
    {
        using var scope = NewDisposeScope();
        // Three maps: coarse values (many ties at the threshold), signed values with −0 and +0, and one with NaNs, which
        // rank below every number as float.CompareTo orders them.
        var pixels = height * width;
        var random = new Random(seed);
        var coarse = Enumerable.Range(0, pixels).Select(_ => random.Next(4) / 4f).ToArray();
        var signed = Enumerable.Range(0, pixels).Select(i => i % 5 == 0 ? (i % 2 == 0 ? -0f : 0f) : (float)(random.NextDouble() - 0.5)).ToArray();
        var withNaN = Enumerable.Range(0, pixels).Select(i => i % 3 == 0 ? float.NaN : (float)random.NextDouble() - 2).ToArray();
        float[][] maps = [coarse, signed, withNaN];

        var masks = TensorData.ToFloats(ScoreMasks.TopRho(maps.SelectMany(m => m).ToArray(), maps.Length, height, width, rho));

        for (var m = 0; m < maps.Length; m++)
        {
            var map = maps[m];
            var expected = Enumerable.Range(0, pixels).OrderByDescending(i => map[i]).Take(TopMask.Size(pixels, rho)).Order().ToArray();
            Assert.Equal(expected, Ones(masks.AsSpan(m * pixels, pixels)));
            Assert.Equal(expected, TopMask.Of(map, rho).Select((kept, i) => kept ? i : -1).Where(i => i >= 0));
        }
    }

    [Theory]
    [InlineData(28, 28)]
    [InlineData(5, 3)]
    [InlineData(1, 7)]
    public void Grow_KeepsWhatA3x3MaxPoolKeeps(int height, int width)
    {
        using var scope = NewDisposeScope();
        var random = new Random(height * width);
        var masks = TensorData.From(Enumerable.Range(0, 3 * height * width).Select(_ => random.Next(6) == 0 ? 1f : 0f).ToArray(), 3, 1, height, width);
        var grown = masks;
        var pooled = masks;
        for (var growth = 0; growth < 3; growth++)
        {
            grown = ScoreMasks.Grow(grown);
            pooled = nn.functional.max_pool2d(pooled, 3, 1, 1);
            Assert.Equal(TensorData.ToFloats(pooled), TensorData.ToFloats(grown));
        }
    }

    [Theory]
    [InlineData(28, 28, 17, 3.0)]
    [InlineData(9, 13, 17, 3.0)]
    [InlineData(20, 6, 5, 1.5)]
    public void Blur_EqualsTheReflectPaddedGaussianConvolution(int height, int width, int size, double sigma)
    {
        using var scope = NewDisposeScope();
        var kernel = new BlurKernel(size, sigma);
        var images = rand(2, 3, height, width, generator: new Generator(7));
        var taps = Enumerable.Range(-(size / 2), size).Select(d => Math.Exp(-d * d / (2 * sigma * sigma))).ToArray();
        var normalised = tensor(taps.Select(t => (float)(t / taps.Sum())).ToArray());
        var gaussian = normalised.outer(normalised).view(1, 1, size, size).expand(3, 1, size, size);
        var half = size / 2;
        var padded = nn.functional.pad(images, [half, half, half, half], half < height && half < width ? PaddingModes.Reflect : PaddingModes.Replicate);
        var expected = TensorData.ToFloats(nn.functional.conv2d(padded, gaussian, groups: 3));

        var blurred = TensorData.ToFloats(BaseImages.Blur(images, kernel));

        Assert.Equal(expected.Length, blurred.Length);
        Assert.All(expected.Zip(blurred), pair => Assert.Equal(pair.First, pair.Second, tolerance: 1e-5));
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
