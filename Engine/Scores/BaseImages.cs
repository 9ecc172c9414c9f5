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
        var channels = images.shape[1];
        var half = kernel.Size / 2;
        using var scope = NewDisposeScope();
        var taps = arange(kernel.Size, ScalarType.Float64).sub_(half).pow_(2).div_(-2 * kernel.Sigma * kernel.Sigma).exp_();
        taps.div_(taps.sum());
        var column = taps.to(images.dtype, images.device).view(1, 1, kernel.Size, 1).expand(channels, 1, kernel.Size, 1);
        var row = column.view(channels, 1, 1, kernel.Size);
        // Reflection needs a border narrower than the image; a smaller image repeats its edge instead.
        var mode = half < images.shape[2] && half < images.shape[3] ? PaddingModes.Reflect : PaddingModes.Replicate;
        var padded = half == 0 ? images : nn.functional.pad(images, [half, half, half, half], mode);
        // The 2-D Gaussian is the outer product of two 1-D ones: a column pass, then a row pass (2k taps, not k²).
        var vertical = nn.functional.conv2d(padded, column, groups: channels);
        return nn.functional.conv2d(vertical, row, groups: channels).MoveToOuterDisposeScope();
    }
}
