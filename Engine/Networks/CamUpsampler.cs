using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ExplainHub.Engine.Networks;

/// <summary>
/// Bilinear upsampling of N×1×h×w maps to the input's size that puts each feature cell at its receptive-field
/// centre (<see cref="FeatureGeometry"/>), so that a peak in the map lands where the evidence is in the image.
/// </summary>
public static class CamUpsampler
{
    public static Tensor ToInput(Tensor maps, FeatureGeometry geometry, long height, long width)
    {
        var h = maps.shape[2];
        var w = maps.shape[3];
        if (geometry.Stride <= 0)
        {
            return functional.interpolate(maps, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        // Pixel p reads cell u = (p − offset)/stride, which grid_sample (align_corners=false) takes as the coordinate
        // (2u + 1)/n − 1 on an axis of n cells — one formula for every n, so an axis of a single cell (a 28×12 image
        // on the seed CNN: pool2 is 5×1) is placed by its geometry too, not stretched. Beyond the outermost centres
        // each map fades to its own lowest value, as receptive-field coverage does: clamping instead would make a flat
        // band whose first pixel, not the evidence, wins an argmax; fading to zero (grid_sample's padding) would rank
        // that band above every negative cell of a signed map (CAM of a class the model did not predict).
        using var scope = NewDisposeScope();
        var gy = ((((arange(height, maps.dtype, maps.device) - geometry.Offset) / geometry.Stride * 2.0) + 1.0) / h) - 1.0;
        var gx = ((((arange(width, maps.dtype, maps.device) - geometry.Offset) / geometry.Stride * 2.0) + 1.0) / w) - 1.0;
        var grid = stack([gx.view(1, width).expand(height, width), gy.view(height, 1).expand(height, width)], -1);
        grid = grid.unsqueeze(0).expand(maps.shape[0], height, width, 2);
        var floor = maps.amin([2, 3], keepdim: true);
        var lifted = functional.grid_sample(maps - floor, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        return (lifted + floor).MoveToOuterDisposeScope();
    }
}
