using ExplainHub.Shared;

namespace ExplainHub.Engine.Imaging;

/// <summary>
/// PNGs of internal representations. Signed images (weights) use a diverging map, blue below zero, white at zero,
/// red above, scaled by the largest magnitude so that zero stays white; non-negative ones (importance, pre-images)
/// go from white to dark red. Channels are summed: a weight's effect on a grey pixel is the sum over its colours.
/// </summary>
public static class RepresentationPicture
{
    public static byte[] Png(ReadOnlySpan<float> values, int channels, int height, int width, bool signed, int scale)
    {
        var plane = new float[height * width];
        for (var c = 0; c < channels; c++)
        {
            for (var p = 0; p < plane.Length; p++)
            {
                plane[p] += values[(c * plane.Length) + p];
            }
        }

        var largest = 0f;
        foreach (var v in plane)
        {
            largest = Math.Max(largest, float.IsFinite(v) ? Math.Abs(v) : 0);
        }

        var outWidth = width * scale;
        var rgba = new byte[height * scale * outWidth * 4];
        for (var y = 0; y < height * scale; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var v = plane[((y / scale) * width) + (x / scale)];
                var t = largest > 0 && float.IsFinite(v) ? v / largest : 0;
                var (r, g, b) = signed ? Diverging(t) : Sequential(Math.Max(0, t));
                var at = ((y * outWidth) + x) * 4;
                rgba[at] = r;
                rgba[at + 1] = g;
                rgba[at + 2] = b;
                rgba[at + 3] = 255;
            }
        }

        return PngEncoder.EncodeRgba(rgba, outWidth, height * scale);
    }

    /// <summary>
    /// A layer's feature maps as one picture: its channels in rows of <paramref name="columns"/>, each enlarged by
    /// <paramref name="scale"/>, drawn in viridis scaled to its own largest activation (a channel that stays at zero is
    /// dark), separated by white lines.
    /// </summary>
    public static byte[] MosaicPng(IReadOnlyList<float[]> channels, int height, int width, int scale, int columns = 8)
    {
        ArgumentOutOfRangeException.ThrowIfZero(channels.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        columns = Math.Min(columns, channels.Count);
        var rows = (channels.Count + columns - 1) / columns;
        var tileWidth = (width * scale) + 1;
        var tileHeight = (height * scale) + 1;
        var outWidth = (columns * tileWidth) + 1;
        var outHeight = (rows * tileHeight) + 1;
        var rgba = new byte[outWidth * outHeight * 4];
        Array.Fill(rgba, (byte)255);
        var viridis = ColorLookup.For(ColorMaps.Viridis);
        for (var k = 0; k < channels.Count; k++)
        {
            var values = channels[k];
            if (values.Length != height * width)
            {
                throw new ArgumentException($"Channel {k} holds {values.Length} values, not {height}×{width}.", nameof(channels));
            }

            var largest = values.Where(float.IsFinite).DefaultIfEmpty(0).Max();
            var left = 1 + ((k % columns) * tileWidth);
            var top = 1 + ((k / columns) * tileHeight);
            for (var y = 0; y < height * scale; y++)
            {
                for (var x = 0; x < width * scale; x++)
                {
                    var v = values[((y / scale) * width) + (x / scale)];
                    var (r, g, b) = viridis.At(largest > 0 && float.IsFinite(v) ? v / largest : 0);
                    var at = (((top + y) * outWidth) + left + x) * 4;
                    rgba[at] = r;
                    rgba[at + 1] = g;
                    rgba[at + 2] = b;
                }
            }
        }

        return PngEncoder.EncodeRgba(rgba, outWidth, outHeight);
    }

    /// <summary>t in [−1, 1]: −1 blue, 0 white, +1 red.</summary>
    public static (byte R, byte G, byte B) Diverging(float t)
    {
        var fade = (byte)Math.Round(255 * (1 - Math.Min(1, Math.Abs(t))));
        return t >= 0 ? ((byte)255, fade, fade) : (fade, fade, (byte)255);
    }

    /// <summary>t in [0, 1]: white to dark red.</summary>
    public static (byte R, byte G, byte B) Sequential(float t)
    {
        var fade = (byte)Math.Round(255 * (1 - Math.Min(1, t)));
        return ((byte)Math.Round(255 - (100 * Math.Min(1, t))), fade, fade);
    }
}
