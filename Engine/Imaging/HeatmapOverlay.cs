using ExplainHub.Shared;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// A heat map drawn over its image in a <see cref="HeatmapStyle"/>: with a colour map, the map covers the image at the
/// style's opacity everywhere (matplotlib's <c>imshow(…, alpha)</c> over the image, as the seeds draw); with seed
/// 001's confidence tint, <see cref="CamOverlay"/> colours only where the map is hot.
/// </summary>
public static class HeatmapOverlay
{
    /// <param name="pixels">Channels×Height×Width bytes as in an ImageBatch (1 grey, 3 RGB).</param>
    /// <param name="heatmap">Height×Width values in [0,1]; others are clamped, NaN is cold.</param>
    /// <param name="probability">The probability of the explained class: only the confidence tint reads it.</param>
    /// <returns>Height×Width×4 RGBA bytes, opaque.</returns>
    public static byte[] RenderRgba(
        ReadOnlySpan<byte> pixels, int channels, int height, int width, ReadOnlySpan<float> heatmap, double probability, HeatmapStyle style)
    {
        if (style.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(style));
        }

        if (style.ColorMap == ColorMaps.Confidence)
        {
            return CamOverlay.RenderRgba(pixels, channels, width, height, heatmap, probability, style.Opacity);
        }

        CamOverlay.CheckShapes(pixels, channels, width, height, heatmap);
        var lookup = ColorLookup.For(style.ColorMap);
        var plane = height * width;
        var rgba = new byte[plane * 4];
        var alpha = style.Opacity;
        for (var i = 0; i < plane; i++)
        {
            var (r, g, b) = lookup.At(heatmap[i]);
            var under = pixels[i];
            rgba[(4 * i) + 0] = CamOverlay.Blend(under, r, alpha);
            rgba[(4 * i) + 1] = CamOverlay.Blend(channels == 3 ? pixels[plane + i] : under, g, alpha);
            rgba[(4 * i) + 2] = CamOverlay.Blend(channels == 3 ? pixels[(2 * plane) + i] : under, b, alpha);
            rgba[(4 * i) + 3] = 255;
        }

        return rgba;
    }

    /// <summary>
    /// The overlay as PNG, enlarged by <paramref name="scale"/> (the image by pixel replication, the map bilinearly).
    /// </summary>
    public static byte[] RenderPng(
        ReadOnlySpan<byte> pixels, int channels, int height, int width, ReadOnlySpan<float> heatmap, double probability, HeatmapStyle style,
        int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var image = scale == 1 ? pixels.ToArray() : MapEnlargement.EnlargeNearest(pixels, channels, height, width, scale);
        var heat = scale == 1 ? heatmap.ToArray() : MapEnlargement.EnlargeBilinear(heatmap, height, width, scale);
        var rgba = RenderRgba(image, channels, height * scale, width * scale, heat, probability, style);
        return PngEncoder.EncodeRgba(rgba, width * scale, height * scale);
    }
}
