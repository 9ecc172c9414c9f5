using ExplainHub.Engine.Imaging;
using ExplainHub.Shared;

namespace ExplainHub.Server.Imaging;

/// <summary>An image of a batch as the pages show it: enlarged by pixel replication, a PNG data URL.</summary>
public static class ImagePicture
{
    /// <summary>Image <paramref name="index"/> of <paramref name="batch"/> (planes C×H×W), enlarged to about <paramref name="side"/> pixels, never shrunk.</summary>
    public static string DataUrl(ImageBatch batch, int index, int side)
    {
        var (channels, height, width) = (batch.Channels, batch.Height, batch.Width);
        var scale = Math.Max(1, side / Math.Max(height, width));
        var size = channels * height * width;
        return PngEncoder.ToDataUrl(ImagePng.FromPlanes(batch.Pixels.AsSpan(index * size, size), channels, height, width, scale));
    }
}
