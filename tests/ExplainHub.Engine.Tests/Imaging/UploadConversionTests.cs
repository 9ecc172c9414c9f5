using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests.Imaging;

public sealed class UploadConversionTests
{
    [Fact]
    public void AGreyImageOfTheModelsSize_ArrivesAsItIs_WithoutANotice()
    {
        var pixels = Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray();
        var png = ImageCodec.Encode(pixels, 3, 4, 1);

        var (images, notices) = UploadConversion.ToModelInput([new UploadedImage("a.png", png)], 1, 3, 4);

        Assert.Equal(pixels, images.Pixels);
        Assert.Equal((1, 1, 3, 4), (images.Count, images.Channels, images.Height, images.Width));
        Assert.Equal([-1], images.Labels);
        Assert.Empty(notices);
    }

    [Fact]
    public void AnRgbImage_ComesInChannelPlanes_AsTheModelReadsThem()
    {
        // Two pixels, HWC: red then blue.
        var png = ImageCodec.Encode([255, 0, 0, 0, 0, 255], 1, 2, 3);

        var (images, _) = UploadConversion.ToModelInput([new UploadedImage("rb.png", png)], 3, 1, 2);

        Assert.Equal(new byte[] { 255, 0, 0, 0, 0, 255 }, images.Pixels); // R plane (255, 0), G plane (0, 0), B plane (0, 255)
    }

    [Fact]
    public void AColourPhotoOfAnotherSize_IsMadeGreyAndResized_AndTheNoticeSaysSo()
    {
        var rgb = Enumerable.Repeat(new byte[] { 200, 200, 200 }, 40 * 30).SelectMany(p => p).ToArray();
        var png = ImageCodec.Encode(rgb, 30, 40, 3);

        var (images, notices) = UploadConversion.ToModelInput([new UploadedImage("../../etc/photo.png", png)], 1, 12, 12);

        Assert.Equal(144, images.Pixels.Length);
        Assert.All(images.Pixels, p => Assert.InRange(p, 198, 202));
        Assert.Equal(["'photo.png': 40×30 RGB, made grey, resized to 12×12 (proportions not kept)"], notices);
    }

    [Fact]
    public void AGreyImage_IsCopiedToEveryChannel_ForAColourModel()
    {
        var png = ImageCodec.Encode([7, 9], 1, 2, 1);

        var (images, notices) = UploadConversion.ToModelInput([new UploadedImage("g.png", png)], 3, 1, 2);

        Assert.Equal(new byte[] { 7, 9, 7, 9, 7, 9 }, images.Pixels);
        Assert.Equal(["'g.png': 2×1 grey, grey copied to RGB"], notices);
    }

    [Fact]
    public void BytesThatAreNoImage_AreRefused_NamingTheFile()
    {
        var error = Assert.Throws<EngineException>(() =>
            UploadConversion.ToModelInput([new UploadedImage("notes.png", "just text"u8.ToArray())], 1, 4, 4));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("'notes.png' is not a decodable image (PNG, JPEG, BMP, WebP or GIF expected).", error.Message);
    }

    [Theory]
    [InlineData(SkiaSharp.SKEncodedImageFormat.Png)]
    [InlineData(SkiaSharp.SKEncodedImageFormat.Jpeg)]
    public void AnImageCutShort_IsRefused_NotDecodedWithABlankRest(SkiaSharp.SKEncodedImageFormat format)
    {
        // Noise, so the encoded rows are spread over the whole file and a cut leaves rows undecoded.
        var random = new Random(3);
        var pixels = new byte[64 * 64 * 3];
        random.NextBytes(pixels);
        var encoded = Encoded(pixels, 64, 64, format);
        var whole = UploadConversion.ToModelInput([new UploadedImage("whole.img", encoded)], 3, 64, 64);
        Assert.Empty(whole.Notices);

        var error = Assert.Throws<EngineException>(() =>
            UploadConversion.ToModelInput([new UploadedImage("half.img", encoded[..(encoded.Length * 6 / 10)])], 3, 64, 64));

        Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("'half.img' is cut short: its data ends before the picture does (an interrupted download or upload?).", error.Message);
    }

    private static byte[] Encoded(byte[] rgb, int height, int width, SkiaSharp.SKEncodedImageFormat format)
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(width, height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
        var target = bitmap.GetPixelSpan();
        for (int p = 0, q = 0; p < rgb.Length; p += 3, q += 4)
        {
            (target[q], target[q + 1], target[q + 2], target[q + 3]) = (rgb[p], rgb[p + 1], rgb[p + 2], 255);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    [Fact]
    public void EveryLimit_IsRefusedWithItsNumber()
    {
        var tooLarge = Assert.Throws<EngineException>(() =>
            UploadConversion.ToModelInput([new UploadedImage("big.png", new byte[UploadLimits.MaxBytes + 1])], 1, 4, 4));
        var tooMany = Assert.Throws<EngineException>(() =>
            UploadConversion.ToModelInput(Enumerable.Repeat(new UploadedImage("a.png", [1]), UploadLimits.MaxFiles + 1).ToArray(), 1, 4, 4));
        var none = Assert.Throws<EngineException>(() => UploadConversion.ToModelInput([], 1, 4, 4));
        // 4097×4097 pixels of one grey compress to a few kilobytes: the header is read, the pixels never decoded.
        var huge = ImageCodec.Encode(new byte[4097 * 4097], 4097, 4097, 1);
        var tooManyPixels = Assert.Throws<EngineException>(() => UploadConversion.ToModelInput([new UploadedImage("huge.png", huge)], 1, 4, 4));

        Assert.Contains("at most 10 MB", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains($"1 to {UploadLimits.MaxFiles} images", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("not 0", none.Message, StringComparison.Ordinal);
        Assert.Equal("'huge.png' is 4097×4097 pixels; at most 16,777,216 (4096×4096) are accepted.", tooManyPixels.Message);
    }
}
