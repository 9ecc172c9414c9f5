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
        var keep = TopMask.Size(pixels, rho);
        using var scope = NewDisposeScope();
        // A stable descending sort keeps equal values in index order, so ties go to the lower index as in TopMask.
        var (_, order) = Networks.TensorData.From(heat, count, pixels).sort(1, descending: true, stable: true);
        var mask = zeros(count, pixels).scatter_(1, order.narrow(1, 0, keep), ones(count, keep));
        return mask.view(count, 1, height, width).MoveToOuterDisposeScope();
    }

    /// <summary>One growth: a pixel joins the mask when any of its 8 neighbours is in it (max-pool 3×3, stride 1, padded).</summary>
    public static Tensor Grow(Tensor masks) => nn.functional.max_pool2d(masks, 3, 1, 1);

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
