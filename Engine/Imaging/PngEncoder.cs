namespace ExplainHub.Engine.Imaging;

/// <summary>
/// PNG for overlays and exports, encoded by SkiaSharp (<see cref="ImageCodec"/>): a real codec, never a
/// hand-written one (DESIGN §5).
/// </summary>
public static class PngEncoder
{
    /// <summary>Encodes Height×Width×4 RGBA bytes, row-major, non-premultiplied alpha.</summary>
    public static byte[] EncodeRgba(ReadOnlySpan<byte> rgba, int width, int height) => Encode(rgba, width, height, 4);

    /// <summary>Encodes Height×Width grey bytes, row-major.</summary>
    public static byte[] EncodeGrey(ReadOnlySpan<byte> grey, int width, int height) => Encode(grey, width, height, 1);

    /// <summary>A <c>data:</c> URL for an encoded PNG, for an <c>img</c> element's <c>src</c>.</summary>
    public static string ToDataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return ImageCodec.Encode(pixels, height, width, channels);
    }
}
