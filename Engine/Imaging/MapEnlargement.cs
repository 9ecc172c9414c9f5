namespace ExplainHub.Engine.Imaging;

/// <summary>
/// Small inputs made big enough to look at: the image by pixel replication, its map bilinearly, so both line up.
/// </summary>
public static class MapEnlargement
{
    /// <summary>Enlarge small inputs to about 256 pixels a side (28×28 → 8×), never more than 8× and never shrink.</summary>
    public static int ScaleFor(int height, int width) => Math.Clamp(256 / Math.Max(height, width), 1, 8);

    /// <summary>Pixel replication keeps the input's pixels visible as pixels: the map is about them.</summary>
    public static byte[] EnlargeNearest(ReadOnlySpan<byte> pixels, int channels, int height, int width, int scale)
    {
        var outHeight = height * scale;
        var outWidth = width * scale;
        var output = new byte[channels * outHeight * outWidth];
        for (var c = 0; c < channels; c++)
        {
            var source = pixels.Slice(c * height * width, height * width);
            var target = output.AsSpan(c * outHeight * outWidth, outHeight * outWidth);
            for (var y = 0; y < outHeight; y++)
            {
                var row = source.Slice(y / scale * width, width);
                var outRow = target.Slice(y * outWidth, outWidth);
                for (var x = 0; x < outWidth; x++)
                {
                    outRow[x] = row[x / scale];
                }
            }
        }

        return output;
    }

    /// <summary>
    /// Bilinear with pixel centres aligned (the convention of CAM's own upsampling, align_corners = false), so the
    /// enlarged map sits exactly over the enlarged image.
    /// </summary>
    public static float[] EnlargeBilinear(ReadOnlySpan<float> map, int height, int width, int scale)
    {
        var outHeight = height * scale;
        var outWidth = width * scale;
        var output = new float[outHeight * outWidth];
        for (var y = 0; y < outHeight; y++)
        {
            var sy = Math.Clamp(((y + 0.5f) / scale) - 0.5f, 0, height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = sy - y0;
            for (var x = 0; x < outWidth; x++)
            {
                var sx = Math.Clamp(((x + 0.5f) / scale) - 0.5f, 0, width - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, width - 1);
                var fx = sx - x0;
                var top = (map[(y0 * width) + x0] * (1 - fx)) + (map[(y0 * width) + x1] * fx);
                var bottom = (map[(y1 * width) + x0] * (1 - fx)) + (map[(y1 * width) + x1] * fx);
                output[(y * outWidth) + x] = (top * (1 - fy)) + (bottom * fy);
            }
        }

        return output;
    }
}
