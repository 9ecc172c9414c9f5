using ExplainHub.Engine.Imaging;

namespace ExplainHub.Client.Output;

/// <summary>
/// PNGs of internal representations. Signed images (weights) use a diverging map, blue below zero, white at zero,
/// red above, scaled by the largest magnitude so that zero stays white; non-negative ones (importance, pre-images)
/// go from white to dark red. Channels are summed: a weight's effect on a grey pixel is the sum over its colours.
/// </summary>
internal static class RepresentationImages
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

    /// <summary>t in [−1, 1]: −1 blue, 0 white, +1 red.</summary>
    internal static (byte R, byte G, byte B) Diverging(float t)
    {
        var fade = (byte)Math.Round(255 * (1 - Math.Min(1, Math.Abs(t))));
        return t >= 0 ? ((byte)255, fade, fade) : (fade, fade, (byte)255);
    }

    /// <summary>t in [0, 1]: white to dark red.</summary>
    internal static (byte R, byte G, byte B) Sequential(float t)
    {
        var fade = (byte)Math.Round(255 * (1 - Math.Min(1, t)));
        return ((byte)Math.Round(255 - (100 * Math.Min(1, t))), fade, fade);
    }
}
