namespace ExplainHub.Engine.Native;

/// <summary>PNG encoding through OpenCV's imgcodecs in the bridge.</summary>
public static class PngCodec
{
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
