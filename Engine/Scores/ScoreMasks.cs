using ExplainHub.Engine.Explain.Agreement;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// Binary masks M as Count×1×H×W float tensors (1: the pixel comes from the image): the top-ρ pixels of each heat map
/// (<see cref="TopMask"/>: ⌈ρ·N⌉ pixels, ties at the threshold to the lower index), their 3×3 dilation (Algorithm 1's
/// DilateGrow), intersections (seed 002 §4.4) and the hybrid images I_M,K.
/// </summary>
public static class ScoreMasks
{
    public static Tensor TopRho(float[] heat, int count, int height, int width, double rho)
    {
        var pixels = height * width;
        var masks = new float[count * pixels];
        // One thread: right after a torch operation libtorch's OpenMP workers still spin on the other cores, and .NET
        // workers beside them made this slower, not faster (a few µs a map either way).
        for (var i = 0; i < count; i++)
        {
            TopMask.Fill(heat.AsSpan(i * pixels, pixels), rho, masks.AsSpan(i * pixels, pixels));
        }
        return Networks.TensorData.From(masks, count, 1, height, width);
    }

    /// <summary>One growth: a pixel joins the mask when any of its 8 neighbours is in it (max-pool 3×3, stride 1, padded).</summary>
    /// <remarks>
    /// As two 3-wide maxima, along rows then columns, over the mask padded with zeros: the same pixels as a 3×3 max-pool
    /// for masks of 0 and 1, and an eighth of its time here (libtorch's max-pool walks one channel a pixel at a time).
    /// </remarks>
    public static Tensor Grow(Tensor masks)
    {
        var height = masks.shape[2];
        var width = masks.shape[3];
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(masks, [1, 1, 1, 1]);
        var rows = padded.narrow(3, 0, width).maximum(padded.narrow(3, 1, width)).maximum(padded.narrow(3, 2, width));
        return rows.narrow(2, 0, height).maximum(rows.narrow(2, 1, height)).maximum(rows.narrow(2, 2, height)).MoveToOuterDisposeScope();
    }

    /// <summary>Pixels every mask keeps.</summary>
    public static Tensor Intersect(IReadOnlyList<Tensor> masks)
    {
        var result = masks[0].clone();
        foreach (var other in masks.Skip(1))
        {
            result.mul_(other);
        }

        return result;
    }

    /// <summary>Each mask's area in pixels.</summary>
    public static long[] Areas(Tensor masks)
    {
        using var scope = NewDisposeScope();
        return Networks.TensorData.ToLongs(masks.sum([1, 2, 3]).round());
    }

    /// <summary>I_M,K: the image where the mask is set (in every channel), the base image elsewhere.</summary>
    public static Tensor Hybrid(Tensor masks, Tensor images, Tensor bases) => where(masks.gt(0.5).expand_as(images), images, bases);
}
