using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Imaging;

public sealed class HeatmapOverlayTests
{
    // matplotlib's published end points: viridis(0) = #440154, viridis(1) = #FDE725; inferno(0) = #000004, inferno(1) = #FCFFA4.
    [Theory]
    [InlineData(ColorMaps.Viridis, 0f, 68, 1, 84)]
    [InlineData(ColorMaps.Viridis, 1f, 253, 231, 37)]
    [InlineData(ColorMaps.Inferno, 0f, 0, 0, 4)]
    [InlineData(ColorMaps.Inferno, 1f, 252, 255, 164)]
    public void ColourMaps_HaveMatplotlibsEndPoints(string map, float t, int r, int g, int b)
    {
        var (actualR, actualG, actualB) = ColorLookup.For(map).At(t);

        Assert.True(Math.Abs(actualR - r) <= 2 && Math.Abs(actualG - g) <= 2 && Math.Abs(actualB - b) <= 2,
            $"{map}({t}) = ({actualR}, {actualG}, {actualB}), expected about ({r}, {g}, {b})");
    }

    [Fact]
    public void Jet_RunsFromBlueThroughGreenToRed()
    {
        var jet = ColorLookup.For(ColorMaps.Jet);

        Assert.True(jet.At(0).B > 100 && jet.At(0).R == 0);
        Assert.True(jet.At(0.5f).G > 200);
        Assert.True(jet.At(1).R > 100 && jet.At(1).B == 0);
        Assert.Equal(jet.At(0), jet.At(float.NaN));
        Assert.Equal(jet.At(1), jet.At(7f));
    }

    [Fact]
    public void Opacity_BlendsTheMapOverTheImage_ZeroKeepsTheImage_OneKeepsTheMap()
    {
        byte[] grey = [10, 200];
        float[] heat = [0f, 1f];
        var viridis = ColorLookup.For(ColorMaps.Viridis);

        var none = HeatmapOverlay.RenderRgba(grey, 1, 1, 2, heat, 0.5, new HeatmapStyle(ColorMaps.Viridis, 0));
        var full = HeatmapOverlay.RenderRgba(grey, 1, 1, 2, heat, 0.5, new HeatmapStyle(ColorMaps.Viridis, 1));
        var half = HeatmapOverlay.RenderRgba(grey, 1, 1, 2, heat, 0.5, new HeatmapStyle(ColorMaps.Viridis, 0.5));

        Assert.Equal(new byte[] { 10, 10, 10, 255, 200, 200, 200, 255 }, none);
        Assert.Equal(new byte[] { viridis.At(0).R, viridis.At(0).G, viridis.At(0).B, 255, viridis.At(1).R, viridis.At(1).G, viridis.At(1).B, 255 }, full);
        Assert.Equal(CamOverlay.Blend(200, viridis.At(1).G, 0.5), half[5]);
    }

    [Fact]
    public void RgbImages_AreBlendedPerChannel()
    {
        byte[] red = [255, 0, 0]; // one pixel, Channels×H×W

        var image = HeatmapOverlay.RenderRgba(red, 3, 1, 1, [0f], 0.5, new HeatmapStyle(ColorMaps.Viridis, 0));

        Assert.Equal(new byte[] { 255, 0, 0, 255 }, image);
    }

    [Fact]
    public void TheConfidenceTint_IsSeed001s_GreenWhenSure_RedOtherwise_AtTheGivenOpacity()
    {
        var sure = HeatmapOverlay.RenderRgba([100], 1, 1, 1, [1f], 0.99, new HeatmapStyle(ColorMaps.Confidence, 1));
        var unsure = HeatmapOverlay.RenderRgba([100], 1, 1, 1, [1f], 0.5, new HeatmapStyle(ColorMaps.Confidence, 1));

        Assert.Equal(new byte[] { CamOverlay.ConfidentTint.R, CamOverlay.ConfidentTint.G, CamOverlay.ConfidentTint.B, 255 }, sure);
        Assert.Equal(new byte[] { CamOverlay.UnsureTint.R, CamOverlay.UnsureTint.G, CamOverlay.UnsureTint.B, 255 }, unsure);
    }

    [Theory]
    [InlineData("rainbow", 0.5, "unknown colour map 'rainbow'")]
    [InlineData(ColorMaps.Jet, -0.1, "opacity is within [0, 1]")]
    [InlineData(ColorMaps.Jet, double.NaN, "opacity is within [0, 1]")]
    public void AStyleThatCannotBeDrawn_IsRefusedWithWhy(string map, double opacity, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => HeatmapOverlay.RenderRgba([1], 1, 1, 1, [0f], 0.5, new HeatmapStyle(map, opacity)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderPng_EnlargesImageAndMapTogether()
    {
        var png = ImageCodec.Decode(HeatmapOverlay.RenderPng(new byte[4], 1, 2, 2, [0f, 0f, 0f, 0f], 0.5, new HeatmapStyle(), scale: 3));

        Assert.Equal((6, 6), (png.Height, png.Width));
    }
}
