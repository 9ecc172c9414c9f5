using ExplainHub.Engine.Imaging;

namespace ExplainHub.Engine.Tests.Imaging;

public sealed class MapEnlargementTests
{
    [Theory]
    [InlineData(28, 28, 8)]
    [InlineData(48, 48, 5)]
    [InlineData(96, 96, 2)]
    [InlineData(224, 224, 1)]
    [InlineData(512, 512, 1)]
    public void Scale_EnlargesSmallImagesToAboutTwoHundredFiftySixPixels(int height, int width, int scale)
    {
        Assert.Equal(scale, MapEnlargement.ScaleFor(height, width));
    }

    [Fact]
    public void EnlargeNearest_RepeatsEachPixel_InEveryChannel()
    {
        byte[] rgb = [1, 2, 3, 4, /* G */ 11, 12, 13, 14, /* B */ 21, 22, 23, 24];

        var large = MapEnlargement.EnlargeNearest(rgb, channels: 3, height: 2, width: 2, scale: 2);

        Assert.Equal(
            [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4],
            large[..16]);
        Assert.Equal(24, large[^1]);
    }

    [Fact]
    public void EnlargeBilinear_KeepsAConstantMapConstant_AndStaysWithinTheInputsRange()
    {
        var constant = MapEnlargement.EnlargeBilinear(Enumerable.Repeat(0.3f, 9).ToArray(), 3, 3, 4);
        Assert.All(constant, v => Assert.Equal(0.3f, v, 1e-6f));

        var step = MapEnlargement.EnlargeBilinear([0f, 1f, 0f, 1f], 2, 2, 8);
        Assert.All(step, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(0f, step[0]);
        Assert.Equal(1f, step[15]);
        Assert.True(step[7] < step[8], "the ramp rises from the left pixel to the right one");
    }
}
