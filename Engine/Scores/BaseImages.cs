using ExplainHub.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace ExplainHub.Engine.Scores;

/// <summary>
/// Base images I_K (seed 002 §4.1): a transform of the image that leaves its pixels less informative to the model.
/// G_k blurs each channel with a normalised Gaussian (<see cref="BlurKernel"/>: 17×17, σ = 3 px by default, as
/// shared/reference's W6); Z_k is all zeros. Batched: Count×C×H×W in, the same out.
/// </summary>
public static class BaseImages
{
    public static Tensor Make(string kind, Tensor images, BlurKernel blur) => kind switch
    {
        BaseImageKinds.Blur => Blur(images, blur),
        BaseImageKinds.Zeros => zeros_like(images),
        _ => throw new EngineException(EngineErrorKind.InvalidRequest, $"Unknown base image '{kind}'; known: {string.Join(", ", BaseImageKinds.All)}."),
    };

    public static Tensor Blur(Tensor images, BlurKernel kernel)
    {
        using var scope = NewDisposeScope();
        var taps = GaussianTaps(kernel);
        // The 2-D Gaussian is the outer product of two 1-D ones, and each 1-D pass with its border rule is a matrix:
        // B_H · I · B_Wᵀ blurs every channel of every image in two batched matrix products (a tenth of the time of
        // a padded depthwise convolution here, and less at 224 px too).
        var vertical = AxisMatrix(taps, (int)images.shape[2]).to(images.dtype, images.device);
        var horizontal = AxisMatrix(taps, (int)images.shape[3]).to(images.dtype, images.device);
        return vertical.matmul(images).matmul(horizontal.t()).MoveToOuterDisposeScope();
    }

    private static double[] GaussianTaps(BlurKernel kernel)
    {
        var half = kernel.Size / 2;
        var taps = Enumerable.Range(-half, kernel.Size).Select(d => Math.Exp(-(d * d) / (2 * kernel.Sigma * kernel.Sigma))).ToArray();
        var sum = taps.Sum();
        return taps.Select(t => t / sum).ToArray();
    }

    // Row i of the matrix spreads the taps over the pixels they read, the border folded in: reflection (…2 1 | 0 1 2…,
    // as reflect padding) when the kernel's half is narrower than the side, else the edge pixel repeated.
    private static Tensor AxisMatrix(double[] taps, int side)
    {
        var half = taps.Length / 2;
        var reflect = half < side;
        var matrix = new double[side * side];
        for (var i = 0; i < side; i++)
        {
            for (var t = 0; t < taps.Length; t++)
            {
                var j = i + t - half;
                j = reflect ? (j < 0 ? -j : j >= side ? (2 * (side - 1)) - j : j) : Math.Clamp(j, 0, side - 1);
                matrix[(i * side) + j] += taps[t];
            }
        }

        return tensor(matrix, [side, side], ScalarType.Float64);
    }
}
