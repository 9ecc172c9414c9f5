namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// SVM+Mask's input (seed 001): each image keeps the fraction rho of its pixels where the network's CAM is highest
/// (every channel of a kept pixel) and is zero elsewhere, so the SVM sees only what the network looked at.
/// </summary>
public static class CamMask
{
    /// <summary>How many of <paramref name="pixels"/> pixels a fraction keeps: at least one.</summary>
    public static int Kept(int pixels, double fraction) => Math.Clamp((int)Math.Round(pixels * fraction), 1, pixels);

    /// <param name="images">count×channels×pixels values.</param>
    /// <param name="cams">count×pixels CAM values, one map per image.</param>
    public static float[] Apply(ReadOnlySpan<float> images, ReadOnlySpan<float> cams, int count, int channels, int pixels, double fraction)
    {
        var kept = Kept(pixels, fraction);
        var masked = new float[images.Length];
        var order = new int[pixels];
        var values = new float[pixels];
        for (var i = 0; i < count; i++)
        {
            cams.Slice(i * pixels, pixels).CopyTo(values);
            for (var p = 0; p < pixels; p++)
            {
                order[p] = p;
            }

            // Highest CAM first; ties go to the lower pixel index so the mask is deterministic.
            Array.Sort(order, (a, b) =>
            {
                var byCam = values[b].CompareTo(values[a]);
                return byCam != 0 ? byCam : a.CompareTo(b);
            });
            for (var r = 0; r < kept; r++)
            {
                var p = order[r];
                for (var c = 0; c < channels; c++)
                {
                    var at = (((long)i * channels) + c) * pixels + p;
                    masked[at] = images[(int)at];
                }
            }
        }

        return masked;
    }
}
