namespace ExplainHub.Engine.Native;

/// <summary>A decoded image: Height×Width×Channels bytes (1 grey, 3 RGB, 4 RGBA), row-major.</summary>
public sealed record DecodedImage(int Height, int Width, int Channels, byte[] Pixels);

/// <summary>PNG encoding and PNG/JPEG/BMP decoding through OpenCV's imgcodecs in the bridge.</summary>
public static class PngCodec
{
    public static unsafe DecodedImage Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new ArgumentException("No image data.", nameof(encoded));
        }

        fixed (byte* data = encoded)
        {
            NativeCall.Check(NativeMethods.ImageDecode(data, encoded.Length, null, 0, out var height, out var width, out var channels));
            var pixels = new byte[height * width * channels];
            fixed (byte* output = pixels)
            {
                NativeCall.Check(NativeMethods.ImageDecode(data, encoded.Length, output, pixels.Length, out _, out _, out _));
            }

            return new DecodedImage(height, width, channels, pixels);
        }
    }

    /// <summary>Decodes an image as grey (1) or RGB (3) resized to height×width: Height×Width×Channels bytes.</summary>
    public static unsafe byte[] DecodeResized(ReadOnlySpan<byte> encoded, int height, int width, int channels)
    {
        if (encoded.IsEmpty)
        {
            throw new ArgumentException("No image data.", nameof(encoded));
        }

        var pixels = new byte[height * width * channels];
        fixed (byte* data = encoded)
        fixed (byte* output = pixels)
        {
            NativeCall.Check(NativeMethods.ImageDecodeResized(data, encoded.Length, height, width, channels, output));
        }

        return pixels;
    }

    /// <summary>Encodes Height×Width×Channels bytes (1 grey, 3 RGB, 4 RGBA).</summary>
    public static unsafe byte[] Encode(ReadOnlySpan<byte> pixels, int height, int width, int channels)
    {
        if (pixels.Length != height * width * channels)
        {
            throw new ArgumentException($"Expected {height}×{width}×{channels} bytes, got {pixels.Length}.", nameof(pixels));
        }

        fixed (byte* p = pixels)
        {
            NativeCall.Check(NativeMethods.PngEncode(p, height, width, channels, null, 0, out var length));
            var output = new byte[length];
            fixed (byte* o = output)
            {
                NativeCall.Check(NativeMethods.PngEncode(p, height, width, channels, o, length, out _));
            }

            return output;
        }
    }
}
