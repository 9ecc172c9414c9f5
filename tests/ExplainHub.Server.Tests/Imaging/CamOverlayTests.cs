using ExplainHub.Engine.Imaging;

namespace ExplainHub.Server.Tests.Imaging;

public sealed class CamOverlayTests
{
    [Theory]
    [InlineData(0.99, true)]
    [InlineData(0.9500001, true)]
    [InlineData(0.95, false)] // seed 001: `results[prediction] > 0.95`, strictly
    [InlineData(0.6, false)]
    public void IsConfident_IsStrictlyAboveNinetyFivePercent(double probability, bool confident) =>
        Assert.Equal(confident, CamOverlay.IsConfident(probability));

    [Fact]
    public void RenderRgba_ColdPixel_KeepsTheGreyImage()
    {
        var rgba = CamOverlay.RenderRgba([77], 1, 1, 1, [0f], 0.99);

        Assert.Equal([77, 77, 77, 255], rgba);
    }

    [Fact]
    public void RenderRgba_HotPixel_IsGreen_WhenTheModelIsConfident()
    {
        var rgba = CamOverlay.RenderRgba([128], 1, 1, 1, [1f], 0.99);

        Assert.Equal(Expected(128, CamOverlay.ConfidentTint, 1), rgba);
        Assert.True(rgba[1] > rgba[0] && rgba[1] > rgba[2], $"expected green to dominate, got {string.Join(",", rgba)}");
    }

    [Fact]
    public void RenderRgba_HotPixel_IsRed_WhenTheModelIsUnsure()
    {
        var rgba = CamOverlay.RenderRgba([128], 1, 1, 1, [1f], 0.95);

        Assert.Equal(Expected(128, CamOverlay.UnsureTint, 1), rgba);
        Assert.True(rgba[0] > rgba[1] && rgba[0] > rgba[2], $"expected red to dominate, got {string.Join(",", rgba)}");
    }

    [Fact]
    public void RenderRgba_TintGrowsWithHeat()
    {
        var rgba = CamOverlay.RenderRgba([100, 100, 100], 1, 3, 1, [0f, 0.5f, 1f], 0.99);

        Assert.True(rgba[1] < rgba[5] && rgba[5] < rgba[9], "green channel must rise with the heat value");
        Assert.Equal(Expected(100, CamOverlay.ConfidentTint, 0.5), rgba[4..8]);
    }

    [Fact]
    public void RenderRgba_OutOfRangeAndNaNHeat_AreClamped()
    {
        var rgba = CamOverlay.RenderRgba([50, 50, 50], 1, 3, 1, [-2f, float.NaN, 7f], 0.2);

        Assert.Equal([50, 50, 50, 255], rgba[0..4]);
        Assert.Equal([50, 50, 50, 255], rgba[4..8]);
        Assert.Equal(Expected(50, CamOverlay.UnsureTint, 1), rgba[8..12]);
    }

    [Fact]
    public void RenderRgba_RgbImage_ReadsPlanarChannels()
    {
        // 1×2 RGB image stored channel-major (C×H×W, as in ImageBatch): pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60).
        var rgba = CamOverlay.RenderRgba([10, 40, 20, 50, 30, 60], 3, 2, 1, [0f, 0f], 0.99);

        Assert.Equal([10, 20, 30, 255, 40, 50, 60, 255], rgba);
    }

    [Fact]
    public void RenderRgba_HeatMapOfAnotherSize_IsRejected() =>
        Assert.Throws<ArgumentException>(() => CamOverlay.RenderRgba(new byte[4], 1, 2, 2, new float[3], 0.5));

    [Fact]
    public void RenderPng_ProducesAPngOfTheImageSize()
    {
        var png = CamOverlay.RenderPng(new byte[28 * 28], 1, 28, 28, new float[28 * 28], 0.99);

        var decoded = ExplainHub.Engine.Imaging.ImageCodec.Decode(png);
        Assert.Equal((28, 28, 4), (decoded.Width, decoded.Height, decoded.Channels));
    }

    private static byte[] Expected(byte grey, (byte R, byte G, byte B) tint, double heat)
    {
        var alpha = CamOverlay.MaxOpacity * heat;
        byte Mix(byte over) => (byte)Math.Round((grey * (1 - alpha)) + (over * alpha), MidpointRounding.AwayFromZero);
        return [Mix(tint.R), Mix(tint.G), Mix(tint.B), 255];
    }
}
