namespace ExplainHub.Engine.Explain;

/// <summary>Pixel-grid operations the importance functions share.</summary>
public static class MapOperations
{
    /// <summary>
    /// Grey-level dilation by a 3×3 square, <paramref name="times"/> times (seed 002 §5.2: "we dilate the raw heat map
    /// 0, 2 and 5 times with a 3×3 kernel"): each pixel becomes the largest value of its 3×3 neighbourhood.
    /// </summary>
    public static float[] Dilate(ReadOnlySpan<float> map, int height, int width, int times)
    {
        var current = map.ToArray();
        var next = new float[current.Length];
        for (var t = 0; t < times; t++)
        {
            for (var y = 0; y < height; y++)
            {
                var y0 = Math.Max(0, y - 1);
                var y1 = Math.Min(height - 1, y + 1);
                for (var x = 0; x < width; x++)
                {
                    var x0 = Math.Max(0, x - 1);
                    var x1 = Math.Min(width - 1, x + 1);
                    var best = float.NegativeInfinity;
                    for (var yy = y0; yy <= y1; yy++)
                    {
                        for (var xx = x0; xx <= x1; xx++)
                        {
                            best = Math.Max(best, current[(yy * width) + xx]);
                        }
                    }

                    next[(y * width) + x] = best;
                }
            }

            (current, next) = (next, current);
        }

        return current;
    }

    /// <summary>Σ over channels of a C×H×W block: one value per pixel.</summary>
    public static void SumChannels(ReadOnlySpan<float> image, int channels, Span<float> pixels)
    {
        pixels.Clear();
        var plane = pixels.Length;
        for (var c = 0; c < channels; c++)
        {
            var source = image.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                pixels[i] += source[i];
            }
        }
    }

    /// <summary>max over channels of |v| (Simonyan et al. 2014's saliency of a colour pixel).</summary>
    public static void MaxAbsChannels(ReadOnlySpan<float> image, int channels, Span<float> pixels)
    {
        pixels.Clear();
        var plane = pixels.Length;
        for (var c = 0; c < channels; c++)
        {
            var source = image.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                pixels[i] = Math.Max(pixels[i], Math.Abs(source[i]));
            }
        }
    }

    /// <summary>The class to explain per image: the requested one, or the most probable where the request is negative.</summary>
    public static long[] ResolveTargets(ReadOnlySpan<long> requested, ReadOnlySpan<float> probabilities, int classes)
    {
        var targets = new long[requested.Length];
        for (var i = 0; i < requested.Length; i++)
        {
            if (requested[i] >= 0)
            {
                targets[i] = requested[i];
                continue;
            }

            var row = probabilities.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            targets[i] = best;
        }

        return targets;
    }
}
