using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ExplainHub.Engine.Explain;

/// <summary>Pixel-grid operations the importance functions share.</summary>
public static class MapOperations
{
    /// <summary>
    /// Grey-level dilation by a 3×3 square, <paramref name="times"/> times (seed 002 §5.2: "we dilate the raw heat map
    /// 0, 2 and 5 times with a 3×3 kernel"): each pixel becomes the largest value of its 3×3 neighbourhood.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // every map of a batch, too soon for tiered compilation
    public static float[] Dilate(ReadOnlySpan<float> map, int height, int width, int times)
    {
        var current = map.ToArray();
        if (times <= 0)
        {
            return current;
        }

        // The 3×3 maximum is a 3-wide maximum along each row, then one down each column of those (clipped at the border).
        var rows = new float[current.Length];
        for (var t = 0; t < times; t++)
        {
            for (var y = 0; y < height; y++)
            {
                MaxOfThree(current.AsSpan(y * width, width), rows.AsSpan(y * width, width));
            }

            for (var y = 0; y < height; y++)
            {
                var output = current.AsSpan(y * width, width);
                rows.AsSpan(y * width, width).CopyTo(output);
                if (y > 0)
                {
                    TensorPrimitives.Max(output, rows.AsSpan((y - 1) * width, width), output);
                }

                if (y < height - 1)
                {
                    TensorPrimitives.Max(output, rows.AsSpan((y + 1) * width, width), output);
                }
            }
        }

        return current;
    }

    // Each value's maximum with its left and right neighbours (those that exist).
    private static void MaxOfThree(ReadOnlySpan<float> line, Span<float> output)
    {
        line.CopyTo(output);
        if (line.Length < 2)
        {
            return;
        }

        TensorPrimitives.Max(output[..^1], line[1..], output[..^1]);
        TensorPrimitives.Max(output[1..], line[..^1], output[1..]);
    }

    /// <summary>Σ over channels of a C×H×W block: one value per pixel.</summary>
    public static void SumChannels(ReadOnlySpan<float> image, int channels, Span<float> pixels)
    {
        var plane = pixels.Length;
        image[..plane].CopyTo(pixels);
        for (var c = 1; c < channels; c++)
        {
            TensorPrimitives.Add(pixels, image.Slice(c * plane, plane), pixels);
        }
    }

    /// <summary>max over channels of |v| (Simonyan et al. 2014's saliency of a colour pixel).</summary>
    public static void MaxAbsChannels(ReadOnlySpan<float> image, int channels, Span<float> pixels)
    {
        var plane = pixels.Length;
        TensorPrimitives.Abs(image[..plane], pixels);
        for (var c = 1; c < channels; c++)
        {
            TensorPrimitives.MaxMagnitude(pixels, image.Slice(c * plane, plane), pixels);
        }

        TensorPrimitives.Abs(pixels, pixels);
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
