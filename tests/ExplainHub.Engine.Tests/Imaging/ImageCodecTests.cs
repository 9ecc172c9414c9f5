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

    [Theory]
    [InlineData(1, 8, 16, 0, 0)] // as stored: 16 wide, 8 tall, the bright block top left
    [InlineData(6, 16, 8, 7, 0)] // a phone held upright: turned clockwise, the block goes top right
    [InlineData(8, 16, 8, 0, 15)] // turned anticlockwise: bottom left
    [InlineData(3, 8, 16, 15, 7)] // upside down: bottom right
    [InlineData(2, 8, 16, 15, 0)] // mirrored: top right
    [InlineData(4, 8, 16, 0, 7)] // flipped: bottom left
    [InlineData(5, 16, 8, 0, 0)] // transposed: stays top left, now tall
    [InlineData(7, 16, 8, 7, 15)] // transversed: bottom right, tall
    public void AJpegsExifOrientation_IsApplied_AsViewersShowIt(int orientation, int height, int width, int brightX, int brightY)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(16, 8, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.Black);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.DrawRect(0, 0, 8, 4, new SKPaint { Color = SKColors.White });
        }

        var jpeg = WithExifOrientation(bitmap.Encode(SKEncodedImageFormat.Jpeg, 100).ToArray(), orientation);

        Assert.Equal((height, width), (ImageCodec.Describe(jpeg).Height, ImageCodec.Describe(jpeg).Width));
        var grey = ImageCodec.DecodeResized(jpeg, height, width, 1);
        Assert.True(grey[(brightY * width) + brightX] > 200, $"the corner ({brightX}, {brightY}) holds the bright block");
        Assert.True(grey[((height - 1 - brightY) * width) + (width - 1 - brightX)] < 50, "the opposite corner is dark");
    }

    // An EXIF APP1 segment right after the JPEG's start marker: a big-endian TIFF block whose one tag is Orientation.
    private static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] exif =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        return [.. jpeg[..2], .. exif, .. jpeg[2..]];
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
