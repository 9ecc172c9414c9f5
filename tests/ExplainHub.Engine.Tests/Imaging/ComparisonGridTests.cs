using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Imaging;

public sealed class ComparisonGridTests
{
    [Fact]
    public void TheGrid_HasTheImageAndATilePerMethod_InARowPerModel_AndGreyWhereAMethodDoesNotApply()
    {
        const int side = 20; // tiles are enlarged 8× to 160 pixels
        var image = new byte[side * side];
        var hot = Enumerable.Repeat(1f, side * side).ToArray();
        GridRow[] rows =
        [
            new("model-a", [new GridTile(hot, 0.9f, "Trouser p=0.90"), null]),
            new("model-b", [new GridTile(new float[side * side], 0.5f, "Bag p=0.50"), new GridTile(hot, 0.5f, "Bag p=0.50")]),
        ];

        var png = ImageCodec.Decode(ComparisonGrid.RenderPng(image, 1, side, side, ["cam", "occlusion"], rows, new HeatmapStyle(ColorMaps.Viridis, 1)));

        Assert.Equal(170 + (3 * 166) + 6, png.Width);
        Assert.Equal(26 + (2 * (160 + 20 + 6)) + 6, png.Height);
        var yellow = ColorLookup.For(ColorMaps.Viridis).At(1);
        var purple = ColorLookup.For(ColorMaps.Viridis).At(0);
        Assert.Equal(yellow, Pixel(png, 170 + 166 + 80, 26 + 80));                 // model-a / cam: hot everywhere
        Assert.Equal(((byte)0xEE, (byte)0xEE, (byte)0xEE), Pixel(png, 170 + (2 * 166) + 5, 26 + 5)); // model-a / occlusion: does not apply
        Assert.Equal(purple, Pixel(png, 170 + 166 + 80, 26 + 186 + 80));           // model-b / cam: cold
        Assert.Equal(((byte)0, (byte)0, (byte)0), Pixel(png, 170 + 80, 26 + 80));  // the image itself, black
    }

    [Fact]
    public void ARowWithoutATilePerColumn_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ComparisonGrid.RenderPng(new byte[4], 1, 2, 2, ["cam", "gradient"], [new GridRow("m", [null])], new HeatmapStyle()));

        Assert.Contains("Row 'm' has 1 tiles for 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFeatureMapMosaic_PutsEachChannelInItsTile_ScaledToItsOwnLargestValue()
    {
        float[][] channels = [[0f, 2f], [5f, 10f], [0f, 0f]];

        var png = ImageCodec.Decode(RepresentationPicture.MosaicPng(channels, 1, 2, scale: 1, columns: 2));

        Assert.Equal((5, 7), (png.Height, png.Width)); // 2 rows × (1 + line), 2 columns × (2 + line), plus the outer line
        var viridis = ColorLookup.For(ColorMaps.Viridis);
        Assert.Equal(viridis.At(1), Pixel(png, 2, 1));    // channel 0's largest
        Assert.Equal(viridis.At(0.5f), Pixel(png, 4, 1)); // channel 1: 5 of 10
        Assert.Equal(viridis.At(0), Pixel(png, 1, 3));    // channel 2: all zero
        Assert.Equal(((byte)255, (byte)255, (byte)255), Pixel(png, 3, 1)); // the line between tiles
    }

    private static (byte R, byte G, byte B) Pixel(DecodedImage image, int x, int y)
    {
        var at = ((y * image.Width) + x) * image.Channels;
        return (image.Pixels[at], image.Pixels[at + 1], image.Pixels[at + 2]);
    }
}
