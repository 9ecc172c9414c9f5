using ExplainHub.Engine.Hosting;
using SkiaSharp;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// PNG/JPEG/BMP/WebP/GIF decoding and PNG encoding through SkiaSharp. Input is untrusted (uploads, imported folders):
/// the format is what the bytes are, never what a file name or a browser says; anything Skia cannot decode is an
/// <see cref="InvalidDataException"/> with a message a user can act on.
/// </summary>
public static class ImageCodec
{
    /// <summary>The largest image decoded, in pixels, so a crafted header cannot ask for gigabytes.</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    private const string NotAnImage = "not a decodable image (PNG, JPEG, BMP, WebP or GIF expected)";

    private const string CutShort = "cut short: its data ends before the picture does (an interrupted download or upload?)";

    /// <summary>Decodes an image as stored: grey (1 channel), RGB (3, when opaque) or RGBA (4, unpremultiplied).</summary>
    public static DecodedImage Decode(ReadOnlySpan<byte> encoded)
    {
        using var bitmap = DecodeBitmap(encoded, grey: null, out var channels);
        return new DecodedImage(bitmap.Height, bitmap.Width, channels, Pixels(bitmap, channels));
    }

    /// <summary>
    /// What an encoded image holds — its size and stored channels (1 grey, 3 RGB, 4 with alpha) — read from its header
    /// without decoding the pixels, so limits can be checked before any memory is spent on them.
    /// </summary>
    public static (int Height, int Width, int Channels) Describe(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidDataException("no image data");
        }

        NativeDependencies.EnsureSkiaLoads();
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException(NotAnImage);
        var info = codec.Info;
        var channels = info.ColorType == SKColorType.Gray8 ? 1 : info.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        return Turns(codec.EncodedOrigin) ? (info.Width, info.Height, channels) : (info.Height, info.Width, channels);
    }

    /// <summary>
    /// Decodes an image as grey (1) or RGB (3) resized to height×width: Height×Width×Channels bytes. Shrinking
    /// averages (mipmaps, so no aliasing), enlarging interpolates bilinearly.
    /// </summary>
    public static byte[] DecodeResized(ReadOnlySpan<byte> encoded, int height, int width, int channels)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (grey) or 3 (RGB)");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        using var bitmap = DecodeBitmap(encoded, grey: channels == 1, out _);
        if (bitmap.Width == width && bitmap.Height == height)
        {
            return Pixels(bitmap, channels);
        }

        var shrinking = bitmap.Height > height || bitmap.Width > width;
        var sampling = shrinking ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKFilterMode.Linear);
        using var sized = bitmap.Resize(new SKImageInfo(width, height, bitmap.ColorType, bitmap.AlphaType), sampling)
            ?? throw new InvalidDataException($"the image could not be resized to {width}×{height}");
        return Pixels(sized, channels);
    }

    /// <summary>Encodes Height×Width×Channels bytes (1 grey, 3 RGB, 4 RGBA) as PNG.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int height, int width, int channels)
    {
        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1, 3 or 4");
        }

        if (height <= 0 || width <= 0 || pixels.Length != height * width * channels)
        {
            throw new ArgumentException($"Expected {height}×{width}×{channels} bytes, got {pixels.Length}.", nameof(pixels));
        }

        NativeDependencies.EnsureSkiaLoads();
        var info = channels == 1
            ? new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(width, height, SKColorType.Rgba8888, channels == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        if (channels == 3)
        {
            for (int p = 0, q = 0; p < pixels.Length; p += 3, q += 4)
            {
                target[q] = pixels[p];
                target[q + 1] = pixels[p + 1];
                target[q + 2] = pixels[p + 2];
                target[q + 3] = 255;
            }
        }
        else
        {
            pixels.CopyTo(target);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("PNG encoding failed");
        return data.ToArray();
    }

    // grey: null keeps what is stored; true/false asks for grey or colour.
    private static SKBitmap DecodeBitmap(ReadOnlySpan<byte> encoded, bool? grey, out int channels)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidDataException("no image data");
        }

        NativeDependencies.EnsureSkiaLoads();
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException(NotAnImage);
        var stored = codec.Info;
        if (stored.Width <= 0 || stored.Height <= 0 || (long)stored.Width * stored.Height > MaxPixels)
        {
            throw new InvalidDataException($"the image is {stored.Width}×{stored.Height} pixels; at most {MaxPixels} are decoded");
        }

        var storedGrey = stored.ColorType == SKColorType.Gray8;
        var asGrey = grey ?? storedGrey;
        channels = asGrey ? 1 : stored.AlphaType == SKAlphaType.Opaque || grey == false ? 3 : 4;
        // Skia's codecs decode to their stored kind of colour; grey from colour is a conversion after decoding.
        var info = storedGrey
            ? new SKImageInfo(stored.Width, stored.Height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(stored.Width, stored.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            // Skia decodes what a truncated file holds and leaves the rest of the picture blank: a model would be
            // explained, or trained, on half an image.
            throw new InvalidDataException(result == SKCodecResult.IncompleteInput ? CutShort : $"{NotAnImage}: {result}");
        }

        if (asGrey != storedGrey)
        {
            var converted = bitmap.Copy(asGrey ? SKColorType.Gray8 : SKColorType.Rgba8888);
            bitmap.Dispose();
            bitmap = converted ?? throw new InvalidDataException($"the image's colours could not be converted to {(asGrey ? "grey" : "RGB")}");
        }

        return Upright(bitmap, codec.EncodedOrigin);
    }

    // EXIF orientations 5–8 store the picture on its side (a phone held upright).
    private static bool Turns(SKEncodedOrigin origin) => origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
        or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// The picture as it is meant to be seen: Skia's codecs return the pixels as stored, and a camera stores them as
    /// its sensor read them, with the EXIF orientation saying how to turn them — browsers and viewers show them
    /// turned, so a model must see them so too. Output pixel (x, y) reads stored pixel (x·ax + y·ay + a0, x·bx + y·by + b0).
    /// </summary>
    private static SKBitmap Upright(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or 0)
        {
            return stored;
        }

        using (stored)
        {
            int w = stored.Width, h = stored.Height;
            var (ax, ay, a0, bx, by, b0) = origin switch
            {
                SKEncodedOrigin.TopRight => (-1, 0, w - 1, 0, 1, 0),
                SKEncodedOrigin.BottomRight => (-1, 0, w - 1, 0, -1, h - 1),
                SKEncodedOrigin.BottomLeft => (1, 0, 0, 0, -1, h - 1),
                SKEncodedOrigin.LeftTop => (0, 1, 0, 1, 0, 0),
                SKEncodedOrigin.RightTop => (0, 1, 0, -1, 0, h - 1),
                SKEncodedOrigin.RightBottom => (0, -1, w - 1, -1, 0, h - 1),
                _ => (0, -1, w - 1, 1, 0, 0), // LeftBottom
            };
            var (outW, outH) = Turns(origin) ? (h, w) : (w, h);
            var upright = new SKBitmap(new SKImageInfo(outW, outH, stored.ColorType, stored.AlphaType));
            var bytes = stored.BytesPerPixel;
            var source = stored.GetPixelSpan();
            var target = upright.GetPixelSpan();
            for (var y = 0; y < outH; y++)
            {
                for (var x = 0; x < outW; x++)
                {
                    int sx = (x * ax) + (y * ay) + a0, sy = (x * bx) + (y * by) + b0;
                    source.Slice(((sy * w) + sx) * bytes, bytes).CopyTo(target[(((y * outW) + x) * bytes)..]);
                }
            }

            return upright;
        }
    }

    // Gray8 bitmaps hold the grey bytes, Rgba8888 ones RGBA: as they are for 1 and 4 channels, without alpha for 3.
    private static byte[] Pixels(SKBitmap bitmap, int channels)
    {
        var source = bitmap.GetPixelSpan();
        if (channels != 3)
        {
            return source.ToArray();
        }

        var pixels = new byte[bitmap.Width * bitmap.Height * 3];
        for (int p = 0, q = 0; q < pixels.Length; p += 4, q += 3)
        {
            pixels[q] = source[p];
            pixels[q + 1] = source[p + 1];
            pixels[q + 2] = source[p + 2];
        }

        return pixels;
    }
}
