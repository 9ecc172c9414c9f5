using ExplainHub.Shared;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// Random augmentation of a training batch on its own device: rotation uniform in ±RotationDegrees about the
/// centre, shift uniform in ±MaxShiftPixels, a horizontal mirror with probability ½; bilinear, zeros outside. All
/// draws come from the given generator (CPU, so seeded runs repeat on any device).
/// </summary>
public static class BatchAugmentation
{
    public static bool IsActive(Augmentation? a) =>
        a is not null && (a.RotationDegrees > 0 || a.MaxShiftPixels > 0 || a.HorizontalFlip);

    public static Tensor Apply(Tensor images, Augmentation? augmentation, Generator generator)
    {
        if (!IsActive(augmentation))
        {
            return images;
        }

        var a = augmentation!;
        using var noGrad = no_grad();
        var n = images.shape[0];
        var h = (double)images.shape[2];
        var w = (double)images.shape[3];
        Tensor Uniform(double bound) => ((rand(n, ScalarType.Float64, generator: generator) * 2) - 1) * bound;
        var angle = Uniform(a.RotationDegrees * Math.PI / 180.0);
        // affine_grid works in [-1, 1] coordinates: a shift of s pixels is 2s/size there.
        var tx = Uniform(a.MaxShiftPixels * 2.0 / w);
        var ty = Uniform(a.MaxShiftPixels * 2.0 / h);
        var mirror = a.HorizontalFlip
            ? 1 - (2 * (rand(n, ScalarType.Float64, generator: generator) < 0.5).to(ScalarType.Float64))
            : ones(n, ScalarType.Float64);
        var c = angle.cos();
        var s = angle.sin();
        // Output pixel p samples the input at θ·p: rotation (with the aspect ratio kept), then the mirror on x.
        var theta = stack([stack([c * mirror, -s * (h / w), tx], 1), stack([s * (w / h) * mirror, c, ty], 1)], 1)
            .to(images.dtype, images.device);
        var grid = functional.affine_grid(theta, images.shape, align_corners: false);
        return functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
    }
}
