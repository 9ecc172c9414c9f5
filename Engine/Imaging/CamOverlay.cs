namespace ExplainHub.Engine.Imaging;

/// <summary>
/// Draws a heat map over its image the way seed 001 shows CAMs: green when the model is confident
/// (p &gt; 0.95, strictly, as in <c>if results[prediction] &gt; 0.95</c>), red otherwise.
/// </summary>
/// <remarks>
/// The seed paints the whole CAM with matplotlib's Greens/Reds at alpha 0.5, which also washes out the cold regions.
/// Here the tint's opacity grows with the heat value instead (alpha = <see cref="MaxOpacity"/>·h), so cold pixels
/// keep the original image and only the regions the model looked at are coloured.
/// </remarks>
public static class CamOverlay
{
    /// <summary>Seed 001: "strongly classified (95% probability) images will be in green, else red".</summary>
    public const double ConfidenceThreshold = 0.95;

    /// <summary>Opacity of the tint where the heat map is 1; below 1 so the garment stays visible under hot spots.</summary>
    public const double MaxOpacity = 0.6;

    /// <summary>Tint for confident predictions (RGB).</summary>
    public static readonly (byte R, byte G, byte B) ConfidentTint = (0, 200, 70);

    /// <summary>Tint for unsure predictions (RGB).</summary>
    public static readonly (byte R, byte G, byte B) UnsureTint = (230, 30, 30);

    public static bool IsConfident(double probability) => probability > ConfidenceThreshold;

    public static (byte R, byte G, byte B) TintFor(double probability) =>
        IsConfident(probability) ? ConfidentTint : UnsureTint;

    /// <summary>
    /// Blends <paramref name="heatmap"/> (Height×Width, values in [0,1]; out-of-range values are clamped) over
    /// <paramref name="pixels"/> (Channels×Height×Width bytes as in an ImageBatch; 1 = grey, 3 = RGB) and returns
    /// Height×Width×4 RGBA bytes, fully opaque.
    /// </summary>
    public static byte[] RenderRgba(
        ReadOnlySpan<byte> pixels,
        int channels,
        int width,
        int height,
        ReadOnlySpan<float> heatmap,
        double probability,
        double maxOpacity = MaxOpacity)
    {
        CheckShapes(pixels, channels, width, height, heatmap);
        var plane = width * height;
        var tint = TintFor(probability);
        var rgba = new byte[plane * 4];
        for (var i = 0; i < plane; i++)
        {
            var h = heatmap[i];
            // NaN compares false everywhere; treat it as "no heat" rather than letting it poison the pixel.
            var heat = float.IsNaN(h) ? 0.0 : Math.Clamp(h, 0f, 1f);
            var alpha = maxOpacity * heat;

            var r = pixels[i];
            var g = channels == 3 ? pixels[plane + i] : r;
            var b = channels == 3 ? pixels[(2 * plane) + i] : r;

            rgba[(4 * i) + 0] = Blend(r, tint.R, alpha);
            rgba[(4 * i) + 1] = Blend(g, tint.G, alpha);
            rgba[(4 * i) + 2] = Blend(b, tint.B, alpha);
            rgba[(4 * i) + 3] = 255;
        }

        return rgba;
    }

    /// <summary>The overlay of <see cref="RenderRgba"/>, encoded as PNG.</summary>
    public static byte[] RenderPng(
        ReadOnlySpan<byte> pixels,
        int channels,
        int width,
        int height,
        ReadOnlySpan<float> heatmap,
        double probability) =>
        PngEncoder.EncodeRgba(RenderRgba(pixels, channels, width, height, heatmap, probability), width, height);

    /// <summary>Refuses pixels and maps whose sizes do not match, or images that are neither grey nor RGB.</summary>
    public static void CheckShapes(ReadOnlySpan<byte> pixels, int channels, int width, int height, ReadOnlySpan<float> heatmap)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only grey (1) or RGB (3) images can be overlaid.");
        }

        var plane = checked(width * height);
        if (pixels.Length != channels * plane)
        {
            throw new ArgumentException($"Expected {channels}×{height}×{width} bytes, got {pixels.Length}.", nameof(pixels));
        }

        if (heatmap.Length != plane)
        {
            throw new ArgumentException($"Expected a {height}×{width} heat map, got {heatmap.Length} values.", nameof(heatmap));
        }
    }

    /// <summary>(1 − α)·under + α·over, rounded half away from zero.</summary>
    public static byte Blend(byte under, byte over, double alpha) =>
        (byte)Math.Round((under * (1 - alpha)) + (over * alpha), MidpointRounding.AwayFromZero);
}
