using ExplainHub.Engine.Imaging;
using SkiaSharp;

namespace ExplainHub.Engine.Tests.Imaging;

/// <summary>Decoding and encoding through SkiaSharp: what is stored comes back, sizes are what was asked, junk is refused.</summary>
public sealed class ImageCodecTests
{
    [Fact]
    public void Png_RoundTripsRgbGreyAndRgba_Exactly()
    {
        var rgb = Enumerable.Range(0, 5 * 4 * 3).Select(i => (byte)(i * 7)).ToArray();
        var grey = Enumerable.Range(0, 5 * 4).Select(i => (byte)(i * 11)).ToArray();
        var rgba = Enumerable.Range(0, 5 * 4 * 4).Select(i => i % 4 == 3 ? (byte)(40 + i) : (byte)(i * 3)).ToArray();

        var decodedRgb = ImageCodec.Decode(ImageCodec.Encode(rgb, 5, 4, 3));
        var decodedGrey = ImageCodec.Decode(ImageCodec.Encode(grey, 5, 4, 1));
        var decodedRgba = ImageCodec.Decode(ImageCodec.Encode(rgba, 5, 4, 4));

        Assert.Equal((5, 4, 3), (decodedRgb.Height, decodedRgb.Width, decodedRgb.Channels));
        Assert.Equal(rgb, decodedRgb.Pixels);
        Assert.Equal(1, decodedGrey.Channels);
        Assert.Equal(grey, decodedGrey.Pixels);
        Assert.Equal(4, decodedRgba.Channels);
        Assert.Equal(rgba, decodedRgba.Pixels);
    }

    [Fact]
    public void Shrinking_AveragesBlocks_AndEnlarging_KeepsAFlatImageFlat()
    {
        // 8×8 of 2×2 blocks, each block one value: halved, each pixel is its block.
        var pixels = new byte[8 * 8];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                pixels[(y * 8) + x] = (byte)(((y / 2) * 40) + ((x / 2) * 10));
            }
        }

        var halved = ImageCodec.DecodeResized(ImageCodec.Encode(pixels, 8, 8, 1), 4, 4, 1);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                Assert.InRange(halved[(y * 4) + x], (y * 40) + (x * 10) - 1, (y * 40) + (x * 10) + 1);
            }
        }

        var flat = Enumerable.Repeat((byte)90, 6 * 6 * 3).ToArray();
        var enlarged = ImageCodec.DecodeResized(ImageCodec.Encode(flat, 6, 6, 3), 15, 15, 3);
        Assert.Equal(15 * 15 * 3, enlarged.Length);
        Assert.All(enlarged, v => Assert.InRange(v, 89, 91));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void OtherFormats_DecodeByTheirBytes_NotTheirName(SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(16, 8, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(200, 40, 10));
        using var data = bitmap.Encode(format, 95);

        var decoded = ImageCodec.Decode(data.ToArray());
        Assert.Equal((8, 16, 3), (decoded.Height, decoded.Width, decoded.Channels));
        Assert.InRange(decoded.Pixels[0], 190, 210);
        Assert.InRange(decoded.Pixels[1], 30, 50);
        var grey = ImageCodec.DecodeResized(data.ToArray(), 4, 8, 1);
        Assert.Equal(4 * 8, grey.Length);
    }

    [Fact]
    public void JunkEmptyOrTruncatedData_IsAnInvalidDataException()
    {
        Assert.Throws<InvalidDataException>(() => ImageCodec.Decode("not an image at all"u8));
        Assert.Throws<InvalidDataException>(() => ImageCodec.Decode([]));
        var png = ImageCodec.Encode(new byte[32 * 32], 32, 32, 1);
        Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(png.AsSpan(0, 20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCodec.DecodeResized(png, 4, 4, 2));
    }
}
